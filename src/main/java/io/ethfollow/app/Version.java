package io.ethfollow.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The release version, read once from the build-filtered ethfollow-version.properties. */
public final class Version {
  /** Shown in /status, logs and {@code --version}; "unknown" only in a broken build. */
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/ethfollow-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
