package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.store.KeyProvider;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's list of {@link TacitClient}'s public API names every public method of the client and
 * of its builder, and nothing else: adding or removing one without the list fails here. And that
 * API speaks only the SDK's and the protocol's types (and Java's): a signature that mentions a type
 * of another module, such as {@code tacit-privacy}'s or {@code tacit-federated}'s, fails here.
 */
class PublicApiTest {
  private static final String START = "<!-- tacit-client-api:start -->";
  private static final String END = "<!-- tacit-client-api:end -->";
  private static final String BUILDER_ITEM = "- `TacitClient.Builder`:";
  private static final List<String> ALLOWED_PACKAGES =
      List.of("dev.tacit.client", "dev.tacit.protocol", "java");
  private static final Pattern SIGNATURE = Pattern.compile("`([A-Za-z]\\w*)\\(([^)`]*)\\)`");

  /** The list between the markers, as lines. */
  private static String[] readmeList() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("README.md has the marker %s", START).isNotNegative();
    assertThat(end).as("README.md has the marker %s", END).isGreaterThan(start);
    return text.substring(start + START.length(), end).split("\n");
  }

  private static Set<String> documented(boolean builder) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String line : readmeList()) {
      if (line.startsWith(BUILDER_ITEM) != builder) {
        continue;
      }
      Matcher m = SIGNATURE.matcher(line);
      while (m.find()) {
        String params =
            Arrays.stream(m.group(2).split(","))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.joining(", "));
        out.add(m.group(1) + "(" + params + ")");
      }
    }
    return out;
  }

  private static String signature(Method m) {
    return m.getName()
        + "("
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static boolean fromObject(Method m) {
    try {
      Object.class.getMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Test
  void theReadmeListsEveryPublicMethodOfTheClient_andNoOther() throws IOException {
    Set<String> code = new TreeSet<>();
    for (Method m : TacitClient.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !fromObject(m)) {
        code.add(signature(m));
      }
    }
    assertThat(documented(false)).isEqualTo(code);
  }

  @Test
  void theReadmeListsEveryPublicMethodOfTheBuilder_andNoOther() throws IOException {
    Set<String> code = new TreeSet<>();
    for (Method m : TacitClient.Builder.class.getMethods()) {
      if (m.getDeclaringClass() != Object.class && !fromObject(m)) {
        code.add(signature(m));
      }
    }
    assertThat(documented(true)).isEqualTo(code);
  }

  /** The public methods of the client (declared) and of its builder (inherited too). */
  private static List<Method> publicApi() {
    List<Method> out = new ArrayList<>();
    for (Method m : TacitClient.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !fromObject(m)) {
        out.add(m);
      }
    }
    for (Method m : TacitClient.Builder.class.getMethods()) {
      if (m.getDeclaringClass() != Object.class && !fromObject(m)) {
        out.add(m);
      }
    }
    return out;
  }

  private static final ThreadLocal<Set<TypeVariable<?>>> VISITING =
      ThreadLocal.withInitial(HashSet::new);

  /** Adds to {@code out} every class {@code type} mentions, type arguments and bounds included. */
  private static void classesOf(Type type, Set<Class<?>> out) {
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      out.add(element);
    } else if (type instanceof ParameterizedType p) {
      classesOf(p.getRawType(), out);
      for (Type a : p.getActualTypeArguments()) {
        classesOf(a, out);
      }
    } else if (type instanceof GenericArrayType a) {
      classesOf(a.getGenericComponentType(), out);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        classesOf(b, out);
      }
      for (Type b : w.getLowerBounds()) {
        classesOf(b, out);
      }
    } else if (type instanceof TypeVariable<?> v && VISITING.get().add(v)) {
      try { // a bound may name the variable again: E extends Enum<E>
        for (Type b : v.getBounds()) {
          classesOf(b, out);
        }
      } finally {
        VISITING.get().remove(v);
      }
    }
  }

  private static boolean allowed(Class<?> c) {
    if (c.isPrimitive()) {
      return true;
    }
    String pkg = c.getPackageName();
    return ALLOWED_PACKAGES.stream().anyMatch(a -> pkg.equals(a) || pkg.startsWith(a + "."));
  }

  @Test
  void thePublicApiMentionsOnlySdkProtocolAndJavaTypes() {
    Set<String> leaks = new TreeSet<>();
    for (Method m : publicApi()) {
      Set<Class<?>> mentioned = new HashSet<>();
      classesOf(m.getGenericReturnType(), mentioned);
      for (Type t : m.getGenericParameterTypes()) {
        classesOf(t, mentioned);
      }
      for (Type t : m.getGenericExceptionTypes()) {
        classesOf(t, mentioned);
      }
      for (Class<?> c : mentioned) {
        if (!allowed(c)) {
          leaks.add(signature(m) + " mentions " + c.getName());
        }
      }
    }
    for (Field f : TacitClient.class.getFields()) {
      Set<Class<?>> mentioned = new HashSet<>();
      classesOf(f.getGenericType(), mentioned);
      for (Class<?> c : mentioned) {
        if (!allowed(c)) {
          leaks.add(f.getName() + " mentions " + c.getName());
        }
      }
    }
    assertThat(leaks).as("public signatures of TacitClient and its builder").isEmpty();
  }

  /** The types of this SDK a signature names, to follow from the client's API. */
  private static void sdkTypes(Set<Class<?>> mentioned, java.util.Deque<Class<?>> todo) {
    for (Class<?> c : mentioned) {
      if (!c.isPrimitive() && c.getPackageName().startsWith("dev.tacit.client")) {
        todo.add(c);
      }
    }
  }

  @Test
  void everySdkTypeTheClientsApiLeadsTo_speaksOnlySdkProtocolAndJavaTypes() {
    // From TacitClient and its builder through every SDK type their public signatures name (what
    // a recommendation holds, what consent() returns, a ServerConnection's messages, ...), and so
    // on: none of those types' public methods, constructors or fields names another module's type.
    java.util.Deque<Class<?>> todo = new java.util.ArrayDeque<>();
    todo.add(TacitClient.class);
    todo.add(TacitClient.Builder.class);
    Set<Class<?>> seen = new HashSet<>();
    Set<String> leaks = new TreeSet<>();
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!seen.add(type) || !Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      List<java.lang.reflect.Executable> members = new ArrayList<>();
      for (Method m : type.getMethods()) {
        Class<?> owner = m.getDeclaringClass();
        // its own, and those it inherits from a class the user cannot name (the builder's)
        boolean own = owner == type || !Modifier.isPublic(owner.getModifiers());
        if (own
            && !owner.getPackageName().startsWith("java")
            && !m.isSynthetic()
            && !m.isBridge()) {
          members.add(m);
        }
      }
      members.addAll(Arrays.asList(type.getConstructors()));
      for (java.lang.reflect.Executable e : members) {
        Set<Class<?>> mentioned = new HashSet<>();
        if (e instanceof Method m) {
          classesOf(m.getGenericReturnType(), mentioned);
        }
        for (Type t : e.getGenericParameterTypes()) {
          classesOf(t, mentioned);
        }
        for (Type t : e.getGenericExceptionTypes()) {
          classesOf(t, mentioned);
        }
        for (Class<?> c : mentioned) {
          // KeyProvider takes and gives a Tink Aead on purpose: the key that wraps the store's
          // keyset can then live in a KMS or the Android Keystore, through Tink's own clients
          if (!allowed(c)
              && !(type == KeyProvider.class && c == com.google.crypto.tink.Aead.class)) {
            leaks.add(type.getSimpleName() + "." + e.getName() + " mentions " + c.getName());
          }
        }
        sdkTypes(mentioned, todo);
      }
      for (Field f : type.getFields()) {
        Set<Class<?>> mentioned = new HashSet<>();
        classesOf(f.getGenericType(), mentioned);
        mentioned.stream()
            .filter(c -> !allowed(c))
            .forEach(c -> leaks.add(type.getSimpleName() + "." + f.getName() + " mentions " + c));
        sdkTypes(mentioned, todo);
      }
      sdkTypes(Set.of(type.getClasses()), todo);
    }
    assertThat(seen)
        .as("the walk reached the types a user meets")
        .contains(
            Recommendation.class,
            OutboundRecord.class,
            dev.tacit.client.consent.Consent.class,
            dev.tacit.client.explain.Explanation.class,
            dev.tacit.client.server.ServerConnection.class);
    assertThat(leaks).as("public signatures reachable from TacitClient").isEmpty();
  }
}
