package io.ethfollow.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code --log-format} and {@code --log-level}: sets the properties logback.xml reads
 * ({@code ethfollow.log.format} = JSON or TEXT, {@code ethfollow.log.level}) and reloads it. An
 * operator's own {@code -Dlogback.configurationFile} is left alone. Called once on the main thread
 * before the daemon starts logging.
 */
final class LoggingSetup {
  private LoggingSetup() {}

  /**
   * For one-shot tools whose stdout is a JSON report: JSON logs on stderr, warnings and errors only
   * unless the environment variable ETHFOLLOW_LOG_LEVEL asks for more (e.g. debug).
   */
  static void forTools() {
    forTools("warn");
  }

  /** As {@link #forTools()}, with another default level (the simulator logs INFO to measure log volume). */
  static void forTools(String defaultLevel) {
    System.setProperty("ethfollow.log.target", "System.err");
    String level = System.getenv("ETHFOLLOW_LOG_LEVEL");
    configure("json", level == null || level.isBlank() ? defaultLevel : level);
  }

  /** Rejects a log format other than json or text; {@code flag} names the setting in the error. */
  static void checkFormat(String flag, String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("json") && !f.equals("text")) {
      throw new CliException(flag + " must be json or text, got '" + format + "'");
    }
  }

  /** Rejects an unknown log level; {@code flag} names the setting in the error. */
  static void checkLevel(String flag, String level) {
    if (Level.toLevel(level, null) == null) {
      throw new CliException(
          flag + " must be error, warn, info, debug or trace, got '" + level + "'");
    }
  }

  static void configure(String format, String level) {
    checkFormat("--log-format", format);
    checkLevel("--log-level", level);
    String f = format.toLowerCase(Locale.ROOT);
    System.setProperty("ethfollow.log.format", f.toUpperCase(Locale.ROOT));
    System.setProperty("ethfollow.log.level", level.toUpperCase(Locale.ROOT));
    if (System.getProperty("logback.configurationFile") != null) {
      return;
    }
    URL config = LoggingSetup.class.getResource("/logback.xml");
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) || config == null) {
      return;
    }
    ctx.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(ctx);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("logging configuration failed: " + e.getMessage(), e);
    }
  }
}
