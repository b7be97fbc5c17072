package io.ethfollow.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a directory with its size, mtime and content hash, to prove an operation left
 * the directory byte-for-byte unchanged (no file created, deleted, renamed or rewritten).
 */
record DirectorySnapshot(Map<String, String> files) {
  static DirectorySnapshot of(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          byte[] content = Files.readAllBytes(p);
          files.put(dir.relativize(p).toString(), content.length + " bytes, mtime "
              + Files.getLastModifiedTime(p).toMillis() + ", content " + Arrays.hashCode(content));
        } else {
          files.put(dir.relativize(p) + "/", "dir");
        }
      }
    }
    return new DirectorySnapshot(files);
  }
}
