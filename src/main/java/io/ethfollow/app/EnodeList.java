package io.ethfollow.app;

import io.ethfollow.wire.Enode;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a comma-separated enode list setting ({@code --static-peers}, {@code --bootnodes}, their
 * TOML keys) into enodes, with one-line {@link CliException}s (exit 2) that name the setting and the
 * entry. An empty entry among others ({@code a,,b} or a trailing comma) is a typo and refused; a
 * value that is empty as a whole means "none" (for example to override a config file's list).
 */
final class EnodeList {
  private EnodeList() {}

  /**
   * @param setting the flag or key, for the error
   * @param entries the entries as split by picocli or read from TOML; null means not given
   * @return the parsed enodes, in order; empty for null or one empty value
   */
  static List<Enode> parse(String setting, List<String> entries) {
    List<Enode> out = new ArrayList<>();
    if (entries == null || entries.size() == 1 && entries.get(0).isBlank()) {
      return out;
    }
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i).strip();
      if (entry.isEmpty()) {
        throw new CliException(setting + ": entry " + (i + 1) + " of " + entries.size()
            + " is empty (a stray or trailing comma?)");
      }
      try {
        out.add(Enode.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new CliException(setting + ": entry " + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }
}
