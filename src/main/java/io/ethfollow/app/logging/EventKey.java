package io.ethfollow.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Objects;
import org.slf4j.event.KeyValuePair;

/**
 * The identity of a log event for deduplication: level, logger, message template (unformatted),
 * arguments, key-values and the class of the attached throwable (not its message or stack, which may
 * vary between otherwise identical failures). Nothing is formatted: the hash is computed once from
 * the raw parts, so a duplicate costs a few {@code hashCode}/{@code equals} calls.
 *
 * <p>Immutable; created on whichever thread logs and shared by all of them through {@link
 * Deduplicator}. The argument and key-value lists are kept by reference, so callers must not mutate
 * them after logging (SLF4J never does).
 */
final class EventKey {
  final Logger logger;
  final Level level;
  final String template;
  final List<?> args;
  final List<KeyValuePair> keyValues;
  final String throwableClass;
  private final int hash;

  EventKey(
      Logger logger,
      Level level,
      String template,
      List<?> args,
      List<KeyValuePair> keyValues,
      String throwableClass) {
    this.logger = logger;
    this.level = level;
    this.template = template;
    this.args = args == null ? List.of() : args;
    this.keyValues = keyValues == null ? List.of() : keyValues;
    this.throwableClass = throwableClass;
    int h = System.identityHashCode(logger);
    h = 31 * h + level.levelInt;
    h = 31 * h + Objects.hashCode(template);
    h = 31 * h + this.args.hashCode();
    h = 31 * h + this.keyValues.hashCode();
    h = 31 * h + Objects.hashCode(throwableClass);
    this.hash = h;
  }

  /** The rate cap's key: the same statement (logger, level, template) whatever its values. */
  TemplateKey template() {
    return new TemplateKey(logger, level, template);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EventKey)) {
      return false;
    }
    EventKey k = (EventKey) o;
    return hash == k.hash
        && logger == k.logger
        && level == k.level
        && Objects.equals(template, k.template)
        && Objects.equals(throwableClass, k.throwableClass)
        && args.equals(k.args)
        && keyValues.equals(k.keyValues);
  }

  @Override
  public String toString() {
    return level + " " + logger.getName() + " " + template + " " + args + " " + keyValues;
  }

  /** Logger, level and template: one log statement in the code, whatever values it carries. */
  record TemplateKey(Logger logger, Level level, String template) {}
}
