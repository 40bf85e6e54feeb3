package dev.tacit.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generates a self-signed certificate for development with the JDK's {@code keytool} (the JDK has
 * no public API for certificate generation): an EC P-256 key, CN=localhost, SAN localhost and
 * 127.0.0.1, valid 30 days, in a PKCS#12 keystore. The password goes to keytool through its
 * environment, never on the command line.
 */
public final class SelfSignedCertificate {
  private SelfSignedCertificate() {}

  /** A generated keystore and its password. {@link #toString()} hides the password. */
  public record Generated(Path keystore, String password) {
    @Override
    public String toString() {
      return "Generated[keystore=" + keystore + "]";
    }
  }

  /**
   * Writes a new keystore at {@code keystore}, replacing any file there.
   *
   * @throws IllegalStateException if keytool fails
   */
  public static Generated generate(Path keystore, SecureRandom random) {
    String password = Tokens.newToken(random).reveal();
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Files.deleteIfExists(keystore);
      ProcessBuilder pb =
          new ProcessBuilder(
              List.of(
                  keytool.toString(),
                  "-genkeypair",
                  "-alias",
                  "tacit",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-sigalg",
                  "SHA256withECDSA",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity",
                  "30",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  keystore.toString(),
                  "-storepass:env",
                  "TACIT_KEYSTORE_PASSWORD",
                  "-keypass:env",
                  "TACIT_KEYSTORE_PASSWORD"));
      pb.environment().put("TACIT_KEYSTORE_PASSWORD", password);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool failed to generate a certificate: " + out);
      }
      if (keystore.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(
            keystore, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
      return new Generated(keystore, password);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool at " + keytool, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while generating a certificate", e);
    }
  }
}
