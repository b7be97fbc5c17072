package io.ethfollow.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Argument checks for commands that inspect an existing store (they must never create one). */
final class ExistingDir {
  private ExistingDir() {}

  static void requireExisting(String flag, Path dir) {
    if (!Files.exists(dir)) {
      throw new CliException(flag + ": no such directory: " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new CliException(flag + ": not a directory: " + dir);
    }
  }
}
