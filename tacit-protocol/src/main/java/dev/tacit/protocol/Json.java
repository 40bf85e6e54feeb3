package dev.tacit.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict JSON mapping of the wire messages: unknown fields, missing fields, nulls for numbers,
 * numbers as strings, fractions for integers, NaN and infinities are all rejected with a message
 * that names the field; a non-finite double is refused on write too. Times are ISO-8601 instants.
 */
public final class Json {
  private static final Pattern QUOTED = Pattern.compile("'([^']+)'");
  private static final ObjectMapper MAPPER = build();

  private Json() {}

  /**
   * The injection id of a field added after version 1 of a message: Jackson reads it from the
   * message when present and injects {@code null} when absent, so that version-1 messages stay
   * readable while every other missing field is still refused. Request bodies of the server use it
   * for their optional fields in the same way.
   */
  public static final String ABSENT_IN_V1 = "tacit.absent-in-v1";

  private static ObjectMapper build() {
    SimpleModule module = new SimpleModule("tacit-protocol");
    module.addSerializer(Instant.class, new InstantSerializer());
    module.addDeserializer(Instant.class, new InstantDeserializer());
    FiniteDoubleSerializer doubles = new FiniteDoubleSerializer();
    module.addSerializer(Double.class, doubles);
    module.addSerializer(Double.TYPE, doubles);
    FiniteDoubleDeserializer finite = new FiniteDoubleDeserializer();
    module.addDeserializer(Double.class, finite);
    module.addDeserializer(Double.TYPE, finite);
    ObjectMapper mapper =
        JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(module)
            .injectableValues(
                new com.fasterxml.jackson.databind.InjectableValues.Std()
                    .addValue(ABSENT_IN_V1, null))
            .build();
    for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }

  /**
   * The configured mapper, for frameworks (such as an HTTP server) that need one: a copy, whose
   * deserializers are built again on first use, so keep it rather than calling this per value.
   */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  /**
   * The JSON text of a message.
   *
   * @throws ProtocolException if the message holds a non-finite number
   */
  public static String write(Object message) {
    try {
      return MAPPER.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(describe(e, message.getClass()), e);
    }
  }

  /** The UTF-8 JSON bytes of a message. */
  public static byte[] writeBytes(Object message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(describe(e, message.getClass()), e);
    }
  }

  /**
   * Reads a message of the given type.
   *
   * @throws ProtocolException naming the field, if the text is not a valid message of the type
   *     (JSON {@code null} included)
   */
  public static <T> T read(String json, Class<T> type) {
    try {
      return present(MAPPER.readValue(json, type), type);
    } catch (JsonProcessingException e) {
      throw new ProtocolException(describe(e, type), e);
    }
  }

  /**
   * Reads a message of the given type from UTF-8 bytes.
   *
   * @throws ProtocolException naming the field, if the bytes are not a valid message of the type
   */
  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return present(MAPPER.readValue(json, type), type);
    } catch (IOException e) {
      throw new ProtocolException(describe(e, type), e);
    }
  }

  /** A message is never JSON {@code null}: Jackson reads {@code null} as a null reference. */
  private static <T> T present(T message, Class<T> type) {
    if (message == null) {
      throw new ProtocolException(
          type.getSimpleName() + ": the message must be a JSON object, was null");
    }
    return message;
  }

  private static String describe(IOException e, Class<?> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProtocolException) {
        return type.getSimpleName() + ": " + t.getMessage();
      }
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        return type.getSimpleName() + ": " + t.getMessage();
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return type.getSimpleName()
          + ": unknown field \""
          + u.getPropertyName()
          + "\" at "
          + path(u)
          + " (unknown fields are rejected)";
    }
    if (e instanceof MismatchedInputException m) {
      String original = m.getOriginalMessage();
      if (original.startsWith("Missing required creator property")
          || original.startsWith("Missing creator property")) {
        Matcher q = QUOTED.matcher(original);
        String field = q.find() ? q.group(1) : "?";
        return type.getSimpleName() + ": missing required field \"" + field + "\"";
      }
      return type.getSimpleName() + ": bad value at " + path(m) + ": " + firstLine(original);
    }
    if (e instanceof JsonProcessingException p) {
      return type.getSimpleName() + ": malformed JSON: " + firstLine(p.getOriginalMessage());
    }
    return type.getSimpleName() + ": " + e.getMessage();
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    int n = s.indexOf('\n');
    return n < 0 ? s : s.substring(0, n);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
      }
      String text = p.getText();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new ProtocolException(
            "a time must be an ISO-8601 instant like 2026-01-31T12:00:00Z, was \"" + text + "\"",
            e);
      }
    }
  }

  private static final class FiniteDoubleSerializer extends JsonSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      if (!Double.isFinite(value)) {
        throw new ProtocolException(
            "numbers must be finite, found " + value + " at " + gen.getOutputContext().getParent());
      }
      gen.writeNumber(value);
    }
  }

  private static final class FiniteDoubleDeserializer extends JsonDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken t = p.currentToken();
      if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
        return (Double) ctxt.handleUnexpectedToken(Double.class, p);
      }
      double v = p.getDoubleValue();
      if (!Double.isFinite(v)) {
        throw new ProtocolException(
            "field \"" + p.currentName() + "\" must be a finite number, was " + p.getText());
      }
      return v;
    }
  }
}
