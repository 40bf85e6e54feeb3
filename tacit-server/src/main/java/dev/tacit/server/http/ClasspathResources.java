package dev.tacit.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The files the server serves from its class path: its pages and documents, and its WebJars. */
public final class ClasspathResources {
  private ClasspathResources() {}

  /**
   * The content of the class-path resource {@code name}, an absolute path such as {@code
   * /web/admin/admin.html}.
   *
   * @throws IllegalStateException if the resource is not on the class path
   * @throws UncheckedIOException if it cannot be read
   */
  public static byte[] bytes(String name) {
    try (InputStream in = ClasspathResources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " must be on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  /**
   * The version of the WebJar {@code groupId:artifactId} on the class path, from its Maven
   * metadata; its files are under {@code /META-INF/resources/webjars/<artifactId>/<version>}.
   *
   * @throws IllegalStateException if the WebJar is not on the class path, or its version is not a
   *     version string
   */
  public static String webJarVersion(String groupId, String artifactId) {
    Properties p = new Properties();
    try (InputStream in =
        ClasspathResources.class.getResourceAsStream(
            "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException(
            "the " + groupId + ":" + artifactId + " jar must be on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the " + artifactId + " WebJar's pom.properties", e);
    }
    String version = p.getProperty("version");
    if (version == null || !version.matches("[0-9A-Za-z.-]+")) {
      throw new IllegalStateException(
          "the " + artifactId + " WebJar's version must be a version string, was " + version);
    }
    return version;
  }
}
