package dev.sluice.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a command prints: tables sized to their content, colours only on a terminal, or JSON. */
public final class Out {
  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  private static final Map<String, String> COLOURS =
      Map.of("SUCCEEDED", "32", "CACHED", "36", "FAILED", "31", "RUNNING", "34", "RETRYING", "33",
          "CANCELLED", "35", "SKIPPED", "90", "PENDING", "90", "QUEUED", "90");

  public final PrintWriter out;
  public final PrintWriter err;
  private final boolean colour;

  public Out(PrintWriter out, PrintWriter err, boolean colour) {
    this.out = out;
    this.err = err;
    this.colour = colour;
  }

  public void json(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A state, coloured on a terminal. */
  public String state(String state) {
    String c = COLOURS.get(state);
    return colour && c != null ? "\u001b[" + c + "m" + state + "\u001b[0m" : state;
  }

  /** Prints rows under a header, each column as wide as its widest cell (colour codes not counted). */
  public void table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], visible(row.get(i)));
      }
    }
    for (List<String> row : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        sb.append(cell);
        if (i < row.size() - 1) {
          sb.append(" ".repeat(width[i] - visible(cell) + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }

  private static int visible(String s) {
    return s.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }
}
