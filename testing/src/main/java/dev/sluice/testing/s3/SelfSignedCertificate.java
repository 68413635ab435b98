package dev.sluice.testing.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's {@code keytool}: a
 * PKCS#12 key store for the server and the certificate as PEM for the clients that must trust it.
 */
record SelfSignedCertificate(Path keyStore, String password, Path pem) {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  static SelfSignedCertificate create(Path dir) throws IOException {
    Path keyStore = dir.resolve("server.p12");
    Path pem = dir.resolve("ca.pem");
    String password = UUID.randomUUID().toString();
    keytool("-genkeypair", "-alias", "s3", "-keyalg", "EC", "-groupname", "secp256r1",
        "-validity", "30", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password,
        "-keypass", password);
    keytool("-exportcert", "-rfc", "-alias", "s3", "-keystore", keyStore.toString(),
        "-storepass", password, "-file", pem.toString());
    return new SelfSignedCertificate(keyStore, password, pem);
  }

  private static void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish within " + DEADLINE);
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed (" + process.exitValue() + "): "
            + new String(output, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while keytool ran", e);
    }
    if (args[0].equals("-exportcert") && !Files.isRegularFile(Path.of(args[args.length - 1]))) {
      throw new IOException("keytool wrote no certificate");
    }
  }
}
