package io.ethfollow.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Argument check for input files: exit 2 with a one-line reason when the file cannot be read. */
final class ExistingFile {
  private ExistingFile() {}

  static Path require(String flag, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliException(flag + ": cannot read file " + file);
    }
    return file;
  }
}
