package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * One typed input of a task: its name (as a command task sees it in {@code inputs.json}) and its
 * Java type.
 */
public record Param(String name, Type type) {
  public Param {
    Names.requireIdentifier(name, "input name");
    Objects.requireNonNull(type, "type of input '" + name + "'");
  }
}
