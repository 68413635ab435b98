package dev.sluice.dsl;

import com.google.common.hash.Hasher;
import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The code of one class's methods as canonical text, read with ASM: each instruction with its
 * operands resolved (constants, owners, names, descriptors), labels numbered in order, and no
 * line numbers, local variable names or stack frames — so moving a method, adding a comment or a
 * blank line above it changes nothing, and a changed instruction changes the text.
 */
final class ClassCode {
  /** One method: its canonical text, and the methods of the same class it calls or refers to. */
  private record MethodText(String text, List<String> sameClass) {}

  /** Methods by {@code name + descriptor}, sorted. */
  private final Map<String, MethodText> methods;

  private ClassCode(Map<String, MethodText> methods) {
    this.methods = methods;
  }

  /** The class's code, or null if its class file cannot be read or parsed. */
  static ClassCode read(String internalName, ClassLoader loader) {
    String resource = internalName + ".class";
    byte[] bytes;
    try (InputStream in =
        loader != null ? loader.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource)) {
      if (in == null) {
        return null;
      }
      bytes = ByteStreams.toByteArray(in);
    } catch (IOException e) {
      return null;
    }
    Map<String, MethodText> methods = new TreeMap<>();
    try {
      new ClassReader(bytes)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(
                    int access, String name, String descriptor, String signature, String[] exceptions) {
                  return new Canonical(internalName, access, name + descriptor, methods);
                }
              },
              ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    } catch (RuntimeException e) {
      return null; // a class file newer than this ASM reads, or a corrupt one
    }
    return new ClassCode(methods);
  }

  /** Whether the class has this method ({@code name + descriptor}). */
  boolean has(String method) {
    return methods.containsKey(method);
  }

  /**
   * Feeds the text of {@code method} and of every method of this class it reaches (calls, method
   * references, nested lambdas), each once, in the order first reached.
   */
  void hashReachable(String method, Hasher into) {
    Set<String> seen = new HashSet<>();
    Deque<String> work = new ArrayDeque<>(List.of(method));
    while (!work.isEmpty()) {
      String m = work.pollFirst();
      MethodText text = methods.get(m);
      if (text == null || !seen.add(m)) {
        continue;
      }
      // The text only: a method's name is not what it computes (callers name their callees).
      into.putString(text.text(), StandardCharsets.UTF_8).putByte((byte) 0);
      work.addAll(text.sameClass());
    }
  }

  /** Feeds every method of the class, in name order. */
  void hashAll(Hasher into) {
    methods.forEach(
        (m, text) ->
            into.putString(m, StandardCharsets.UTF_8).putByte((byte) 0).putString(text.text(), StandardCharsets.UTF_8));
  }

  /** Writes one method's instructions as text. */
  private static final class Canonical extends MethodVisitor {
    private final String owner;
    private final String key;
    private final Map<String, MethodText> out;
    private final StringBuilder text = new StringBuilder();
    private final List<String> sameClass = new ArrayList<>();
    private final Map<Label, Integer> labels = new IdentityHashMap<>();

    Canonical(String owner, int access, String key, Map<String, MethodText> out) {
      super(Opcodes.ASM9);
      this.owner = owner;
      this.key = key;
      this.out = out;
      text.append("access ").append(access).append('\n');
    }

    private StringBuilder op(int opcode) {
      return text.append(opcode);
    }

    private String label(Label l) {
      return "L" + labels.computeIfAbsent(l, k -> labels.size());
    }

    private void refer(String refOwner, String name, String descriptor) {
      if (refOwner.equals(owner)) {
        sameClass.add(name + descriptor);
      }
    }

    private String constant(Object value) {
      if (value instanceof Handle h) {
        refer(h.getOwner(), h.getName(), h.getDesc());
      }
      return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    @Override
    public void visitInsn(int opcode) {
      op(opcode).append('\n');
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      op(opcode).append(' ').append(operand).append('\n');
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      op(opcode).append(' ').append(varIndex).append('\n');
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      op(opcode).append(' ').append(type).append('\n');
    }

    @Override
    public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
      op(opcode).append(' ').append(fieldOwner).append('.').append(name).append(' ').append(descriptor).append('\n');
    }

    @Override
    public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
      refer(methodOwner, name, descriptor);
      op(opcode).append(' ').append(methodOwner).append('.').append(name).append(descriptor).append('\n');
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
      op(Opcodes.INVOKEDYNAMIC).append(' ').append(name).append(descriptor).append(' ').append(constant(bootstrap));
      for (Object a : arguments) {
        text.append(' ').append(constant(a));
      }
      text.append('\n');
    }

    @Override
    public void visitJumpInsn(int opcode, Label target) {
      op(opcode).append(' ').append(label(target)).append('\n');
    }

    @Override
    public void visitLabel(Label l) {
      text.append(label(l)).append(":\n");
    }

    @Override
    public void visitLdcInsn(Object value) {
      op(Opcodes.LDC).append(' ').append(constant(value)).append('\n');
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      op(Opcodes.IINC).append(' ').append(varIndex).append(' ').append(increment).append('\n');
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
      op(Opcodes.TABLESWITCH).append(' ').append(min).append(' ').append(max).append(' ').append(label(dflt));
      for (Label l : targets) {
        text.append(' ').append(label(l));
      }
      text.append('\n');
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
      op(Opcodes.LOOKUPSWITCH).append(' ').append(label(dflt)).append(' ').append(Arrays.toString(keys));
      for (Label l : targets) {
        text.append(' ').append(label(l));
      }
      text.append('\n');
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
      op(Opcodes.MULTIANEWARRAY).append(' ').append(descriptor).append(' ').append(dimensions).append('\n');
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      text.append("try ").append(label(start)).append(' ').append(label(end)).append(' ')
          .append(label(handler)).append(' ').append(type).append('\n');
    }

    @Override
    public void visitEnd() {
      out.put(key, new MethodText(text.toString(), List.copyOf(sameClass)));
    }
  }
}
