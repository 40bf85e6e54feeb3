package dev.tacit.client.model;

import dev.tacit.client.cooccurrence.CooccurrenceRecommender;
import dev.tacit.client.internal.Catalogue;
import dev.tacit.client.internal.ItemFactors;
import dev.tacit.client.store.AtomicFiles;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.TensorFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The public model and catalogue the device holds, in plain files next to the encrypted store (they
 * are public and can be downloaded again): a factor model or a co-occurrence model, checked against
 * its metadata's size and CRC32C when read. Not thread-safe: the client guards it with its lock.
 */
public final class ModelCache {
  private static final String MODEL_FRAME = "model.tct";
  private static final String MODEL_META = "model.json";
  private static final String CATALOGUE = "catalogue.json";

  private final Path directory;
  private final List<String> notes = new ArrayList<>();
  private Catalogue catalogue;
  private ModelSnapshot model;
  private ItemFactors factors;

  /** The co-occurrence model, when the installed model is one (then model is null). */
  private CooccurrenceRecommender cooccurrence;

  private float[] scores;
  private long revision;

  private ModelCache(Path directory) {
    this.directory = directory;
  }

  /**
   * The cache in {@code directory}, with the model and catalogue found there; a model that fails
   * its integrity check is left out and named in {@link #notes()}.
   */
  public static ModelCache open(Path directory) {
    ModelCache c = new ModelCache(directory);
    c.load();
    return c;
  }

  private void load() {
    try {
      if (Files.exists(directory.resolve(CATALOGUE))) {
        catalogue =
            Catalogue.of(
                Arrays.asList(
                    Json.read(
                        Files.readAllBytes(directory.resolve(CATALOGUE)), CatalogueItem[].class)));
      }
      if (Files.exists(directory.resolve(MODEL_META))
          && Files.exists(directory.resolve(MODEL_FRAME))) {
        ModelMetadata meta =
            Json.read(Files.readAllBytes(directory.resolve(MODEL_META)), ModelMetadata.class);
        byte[] frame = Files.readAllBytes(directory.resolve(MODEL_FRAME));
        Optional<CooccurrenceRecommender> c = CooccurrenceRecommender.fromFrame(meta, frame);
        if (c.isPresent()) {
          cooccurrence = catalogue != null && catalogue.size() == meta.numItems() ? c.get() : null;
          return;
        }
        ModelSnapshot m = toSnapshot(meta, frame);
        if (catalogue != null && catalogue.size() == m.numItems()) {
          use(
              m,
              ItemFactors.fromRows(TensorFrame.decode(frame).floats(), m.numItems(), m.factors()));
        }
      }
    } catch (IOException | ProtocolException e) {
      // The model is public and can be downloaded again: start without it, and say so.
      model = null;
      factors = null;
      cooccurrence = null;
      notes.add(
          "the downloaded model or catalogue failed its integrity check and was not used: "
              + e.getMessage());
    }
  }

  private void use(ModelSnapshot m, ItemFactors f) {
    model = m;
    factors = f;
    cooccurrence = null;
    scores = new float[m.numItems()];
    revision++;
  }

  /**
   * Installs a factor model and its catalogue (one item per model row).
   *
   * @throws IllegalArgumentException if the catalogue does not match the model
   */
  public void install(ModelSnapshot snapshot, List<CatalogueItem> items) {
    if (snapshot == null || items == null) {
      throw new IllegalArgumentException("snapshot and items must be given");
    }
    if (items.size() != snapshot.numItems()) {
      throw new IllegalArgumentException(
          "the catalogue must have one item per model row ("
              + snapshot.numItems()
              + "), had "
              + items.size());
    }
    Catalogue c = Catalogue.of(items);
    float[] y = snapshot.itemFactors();
    byte[] frame =
        TensorFrame.ofFloats(new int[] {snapshot.numItems(), snapshot.factors()}, y).encode();
    ModelMetadata meta =
        ModelMetadata.ofFrame(
            snapshot.version(),
            snapshot.numItems(),
            snapshot.factors(),
            snapshot.alpha(),
            snapshot.lambda(),
            frame);
    writeFiles(meta, frame, items);
    catalogue = c;
    use(snapshot, ItemFactors.fromRows(y, snapshot.numItems(), snapshot.factors()));
  }

  /**
   * Installs a model as the server publishes it (its metadata, its TensorFrame, its catalogue):
   * item factors or a co-occurrence model.
   *
   * @param expectedVersion the version asked for, or -1 for any
   * @throws ProtocolException if the frame does not match its metadata (size, CRC32C, shape), its
   *     version is not the one expected, or a co-occurrence catalogue does not match
   * @throws IllegalArgumentException if a factor model's catalogue does not match it
   */
  public void install(
      ModelMetadata meta, byte[] frame, List<CatalogueItem> items, long expectedVersion) {
    if (meta == null || frame == null || items == null) {
      throw new IllegalArgumentException("metadata, frame and items must be given");
    }
    Optional<CooccurrenceRecommender> cooc = CooccurrenceRecommender.fromFrame(meta, frame);
    if (cooc.isPresent()) {
      CooccurrenceRecommender c = cooc.get();
      checkVersion(expectedVersion, c.version());
      if (items.size() != c.numItems()) {
        throw new ProtocolException(
            "the catalogue must have one item per model item (" + c.numItems() + ")");
      }
      writeFiles(meta, frame, items);
      catalogue = Catalogue.of(items);
      model = null;
      factors = null;
      cooccurrence = c;
      revision++;
      return;
    }
    ModelSnapshot m = toSnapshot(meta, frame);
    checkVersion(expectedVersion, m.version());
    install(m, items);
  }

  private static void checkVersion(long expected, long received) {
    if (expected >= 0 && received != expected) {
      throw new ProtocolException("asked for model version " + expected + ", received " + received);
    }
  }

  /**
   * Installs a catalogue; without a model, recommendations fall back to popularity.
   *
   * @throws IllegalArgumentException if the items are missing or empty, or a model is installed
   *     with another number of items
   */
  public void installCatalogue(List<CatalogueItem> items) {
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("items must be given and not empty");
    }
    if (model != null && items.size() != model.numItems()) {
      throw new IllegalArgumentException(
          "a model is installed: the catalogue must have " + model.numItems() + " items");
    }
    Catalogue c = Catalogue.of(items);
    try {
      AtomicFiles.write(directory.resolve(CATALOGUE), Json.writeBytes(items));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the catalogue: " + e.getMessage(), e);
    }
    catalogue = c;
    revision++;
  }

  private void writeFiles(ModelMetadata meta, byte[] frame, List<CatalogueItem> items) {
    try {
      AtomicFiles.write(directory.resolve(CATALOGUE), Json.writeBytes(items));
      AtomicFiles.write(directory.resolve(MODEL_FRAME), frame);
      AtomicFiles.write(directory.resolve(MODEL_META), Json.writeBytes(meta));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    }
  }

  private static ModelSnapshot toSnapshot(ModelMetadata meta, byte[] frame) {
    if (frame.length != meta.frameBytes() || TensorFrame.crcOf(frame) != meta.frameCrc32c()) {
      throw new ProtocolException("the model's factors do not match its metadata (size or CRC32C)");
    }
    TensorFrame f = TensorFrame.decode(frame);
    int[] shape = f.shape();
    if (shape.length != 2 || shape[0] != meta.numItems() || shape[1] != meta.factors()) {
      throw new ProtocolException(
          "the factor frame's shape "
              + Arrays.toString(shape)
              + " is not ["
              + meta.numItems()
              + ", "
              + meta.factors()
              + "]");
    }
    return ModelSnapshot.of(
        meta.version(), meta.numItems(), meta.factors(), f.floats(), meta.alpha(), meta.lambda());
  }

  /** The installed model's version, or -1. */
  public long version() {
    return cooccurrence != null ? cooccurrence.version() : model == null ? -1 : model.version();
  }

  /** The catalogue, or null before one is installed. */
  public Catalogue catalogue() {
    return catalogue;
  }

  /** The factor model, or null. */
  public ModelSnapshot model() {
    return model;
  }

  /** The factor model's item factors, or null. */
  public ItemFactors factors() {
    return factors;
  }

  /** The co-occurrence model, or null. */
  public CooccurrenceRecommender cooccurrence() {
    return cooccurrence;
  }

  /** A buffer of one score per item of the factor model, reused between calls. */
  public float[] scoreBuffer() {
    return scores;
  }

  /** Counts installs, so that what is derived from the model knows when to recompute. */
  public long revision() {
    return revision;
  }

  /** What opening the cache had to leave out. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** Forgets the model and catalogue held in memory (the files go with the store's directory). */
  public void clear() {
    model = null;
    factors = null;
    cooccurrence = null;
    catalogue = null;
    revision++;
  }
}
