package dev.tacit.check;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks code that runs on a JVM only, never on a device, and uses Java APIs that Android API 26
 * lacks (the JDK's X25519 provider, {@code Math.fma} in the EASE solver, the synthetic-data
 * generator's Gaussians): the Android check ({@code ./mvnw -Pandroid}) skips it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface JvmOnly {}
