package dev.tacit.secagg.client;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.crypto.Ed25519;
import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.SecretBytes;
import dev.tacit.secagg.crypto.X25519;
import dev.tacit.secagg.crypto.X25519PrivateKey;
import dev.tacit.secagg.internal.SecretLedger;
import dev.tacit.secagg.internal.vector.ModularVector;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.Shamir;
import dev.tacit.secagg.shamir.ShamirShare;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One client of one secure-aggregation session (Bonawitz et al., CCS 2017, over the SecAgg+ graph
 * of Bell et al., CCS 2020): four steps, each answering one server message, in order and once.
 *
 * <p>The client generates two fresh X25519 key pairs and a self-mask seed b_u for the session,
 * shares its mask key and its seed t-of-k among its neighbours, masks its input as y = x + PRG(b_u)
 * + sum over neighbours v > u of PRG(s_uv) - sum over v < u of PRG(s_uv), and finally reveals, for
 * each neighbour, either the seed share (the neighbour's input was counted) or the mask-key share
 * (it dropped), never both. Every message is checked for this session, round and recipient; a
 * replayed or out-of-order message is refused with {@link IllegalStateException}, an invalid one
 * with {@link IllegalArgumentException}. Methods are thread-safe.
 */
public final class SecAggClient {
  /** The lifecycle of a client; each step moves it to the next state. */
  public enum State {
    /** Created; {@link #advertiseKeys()} comes next. */
    NEW,
    /** Keys advertised; {@link #shareKeys} comes next. */
    KEYS_ADVERTISED,
    /** Shares sent; {@link #maskInput} comes next. */
    KEYS_SHARED,
    /** Masked input sent; {@link #unmask} comes next. */
    INPUT_MASKED,
    /** Unmasking answered; the session is over for this client and its secrets are erased. */
    FINISHED
  }

  private final SecAggConfig config;
  private final int id;
  private final SecureRandom random;
  private final SigningIdentity identity;

  private State state = State.NEW;
  private X25519PrivateKey encryptionKey;
  private X25519PrivateKey maskKey;
  private SecretBytes selfMaskSeed;
  private AdvertiseKeys ownKeys;
  private final Map<Integer, AdvertiseKeys> neighbours = new TreeMap<>();
  private final Map<Integer, SecretBytes> encryptionSecrets = new TreeMap<>();
  private final Map<Integer, ShamirShare> seedShares = new TreeMap<>();
  private final Map<Integer, ShamirShare> maskKeyShares = new TreeMap<>();
  private final Map<Integer, SecretBytes> pairwiseKeys = new TreeMap<>();
  private final Set<Integer> sharers = new HashSet<>();

  private SecAggClient(SecAggConfig config, int id, SecureRandom random, SigningIdentity identity) {
    this.config = config;
    this.id = id;
    this.random = random;
    this.identity = identity;
  }

  /**
   * An unsigned client {@code clientId} of the session {@code config}, drawing its keys, seeds,
   * share polynomials and nonces from {@code random}.
   *
   * @throws IllegalArgumentException if the id is not in [1, n] or the session requires signatures
   */
  public static SecAggClient create(SecAggConfig config, int clientId, SecureRandom random) {
    return create(config, clientId, random, null);
  }

  /**
   * A client that signs its advertised keys with {@code identity} and checks its neighbours'
   * signatures ({@code identity} may be null only if the session does not require signatures).
   *
   * @throws IllegalArgumentException if the id is not in [1, n] or a required identity is missing
   */
  public static SecAggClient create(
      SecAggConfig config, int clientId, SecureRandom random, SigningIdentity identity) {
    Preconditions.checkNotNull(config, "config");
    Preconditions.checkNotNull(random, "random");
    Preconditions.checkArgument(
        clientId >= 1 && clientId <= config.numClients(),
        "clientId must be in [1, %d], was %d",
        config.numClients(),
        clientId);
    Preconditions.checkArgument(
        identity != null || !config.requireSignatures(),
        "session %s requires signed keys, but client %d has no signing identity",
        config.sessionId(),
        clientId);
    return new SecAggClient(config, clientId, random, identity);
  }

  /** This client's id in the session. */
  public int clientId() {
    return id;
  }

  /** The session parameters. */
  public SecAggConfig config() {
    return config;
  }

  /** The current state. */
  public synchronized State state() {
    return state;
  }

  /**
   * Round 0: generates the session's key pairs and self-mask seed and advertises the public keys.
   *
   * @throws IllegalStateException if keys were already advertised
   */
  public synchronized AdvertiseKeys advertiseKeys() {
    expectState(State.NEW, "advertise keys");
    encryptionKey = X25519.generatePrivateKey(random);
    maskKey = X25519.generatePrivateKey(random);
    selfMaskSeed = SecretBytes.random(ShareEnvelope.SEED_LENGTH, random);
    byte[] encryptionPublic = X25519.publicKey(encryptionKey);
    byte[] maskPublic = X25519.publicKey(maskKey);
    byte[] signature = new byte[0];
    if (identity != null) {
      signature =
          Ed25519.sign(
              identity.signingKey(),
              AdvertiseKeys.signedPayload(
                  config.sessionId(), config.round(), id, encryptionPublic, maskPublic));
    }
    ownKeys =
        new AdvertiseKeys(
            config.sessionId(), config.round(), id, encryptionPublic, maskPublic, signature);
    state = State.KEYS_ADVERTISED;
    return ownKeys;
  }

  /**
   * Round 1: checks the neighbours' keys and sends each neighbour its encrypted shares of this
   * client's mask key and self-mask seed.
   *
   * @throws IllegalStateException if not in state {@link State#KEYS_ADVERTISED} (replayed or
   *     out-of-order message)
   * @throws IllegalArgumentException if the message is for another session, round or client, the
   *     client's own keys are not echoed unchanged, keys or ids repeat, a signature is missing or
   *     invalid, or there are fewer than t or more than k neighbours
   */
  public synchronized ShareKeys shareKeys(NeighbourKeys message) {
    Preconditions.checkNotNull(message, "message");
    expectState(State.KEYS_ADVERTISED, "answer NeighbourKeys");
    checkSession(message.sessionId(), message.round(), "NeighbourKeys");
    checkRecipient(message.recipient(), "NeighbourKeys");
    Map<Integer, AdvertiseKeys> received = new TreeMap<>();
    Set<String> keys = new HashSet<>();
    for (AdvertiseKeys keysOf : message.neighbours()) {
      checkSession(
          keysOf.sessionId(), keysOf.round(), "advertised keys of client " + keysOf.sender());
      int sender = keysOf.sender();
      Preconditions.checkArgument(
          sender <= config.numClients(),
          "neighbour id must be in [1, %d], was %d",
          config.numClients(),
          sender);
      Preconditions.checkArgument(
          received.put(sender, keysOf) == null, "neighbour %d is listed twice", sender);
      Preconditions.checkArgument(
          keys.add(Arrays.toString(keysOf.encryptionPublicKey()))
              && keys.add(Arrays.toString(keysOf.maskPublicKey())),
          "public keys of client %d repeat a key already advertised: keys must be unique",
          sender);
      if (config.requireSignatures()) {
        Preconditions.checkArgument(
            keysOf.isSigned()
                && Ed25519.verify(
                    identity.publicKeyOf(sender), keysOf.signedPayload(), keysOf.signature()),
            "advertised keys of client %d have a missing or invalid signature",
            sender);
      }
    }
    Preconditions.checkArgument(
        ownKeys.equals(received.get(id)),
        "the keys of client %d were not echoed unchanged in NeighbourKeys",
        id);
    Preconditions.checkArgument(
        received.size() >= config.threshold(),
        "only %d neighbours (client %d included) advertised keys; the threshold is %d",
        received.size(),
        id,
        config.threshold());
    Preconditions.checkArgument(
        received.size() <= config.neighbourhoodSize(),
        "%d neighbours listed for client %d; a neighbourhood has at most %d",
        received.size(),
        id,
        config.neighbourhoodSize());
    int[] xs = received.keySet().stream().mapToInt(Integer::intValue).toArray();
    byte[] seed = SecretLedger.track(selfMaskSeed.bytes());
    byte[] mask = SecretLedger.track(maskKey.scalar());
    List<ShamirShare> seedSplit = Shamir.split(seed, config.threshold(), xs, random);
    List<ShamirShare> maskSplit = Shamir.split(mask, config.threshold(), xs, random);
    Arrays.fill(seed, (byte) 0);
    Arrays.fill(mask, (byte) 0);
    List<EncryptedShare> out = new ArrayList<>(xs.length - 1);
    for (int i = 0; i < xs.length; i++) {
      int v = xs[i];
      if (v == id) {
        seedShares.put(id, seedSplit.get(i));
        maskKeyShares.put(id, maskSplit.get(i));
        continue;
      }
      byte[] shared =
          SecretLedger.track(
              X25519.sharedSecret(encryptionKey, received.get(v).encryptionPublicKey()));
      encryptionSecrets.put(v, SecretBytes.copyOf(shared));
      out.add(
          ShareEnvelope.seal(config, id, v, shared, seedSplit.get(i), maskSplit.get(i), random));
      Arrays.fill(shared, (byte) 0);
    }
    neighbours.putAll(received);
    state = State.KEYS_SHARED;
    return new ShareKeys(config.sessionId(), config.round(), id, out);
  }

  /**
   * Round 2: decrypts and checks the shares received from neighbours, then masks {@code input} with
   * the self mask and a pairwise mask for every neighbour that shared keys.
   *
   * @param input m residues modulo 2^bits (see {@code FixedPointCodec})
   * @throws IllegalStateException if not in state {@link State#KEYS_SHARED}
   * @throws IllegalArgumentException if the message is for another session, round or client, a
   *     share is misaddressed, repeated, from a non-neighbour, or fails authentication, fewer than
   *     t neighbours (this client included) shared keys, or the input has the wrong length or range
   */
  public synchronized MaskedInput maskInput(RoutedShares message, long[] input) {
    Preconditions.checkNotNull(message, "message");
    Preconditions.checkNotNull(input, "input");
    expectState(State.KEYS_SHARED, "mask an input");
    checkSession(message.sessionId(), message.round(), "RoutedShares");
    checkRecipient(message.recipient(), "RoutedShares");
    Preconditions.checkArgument(
        input.length == config.vectorLength(),
        "input length must be %d, was %d",
        config.vectorLength(),
        input.length);
    long modulusMask = config.modulusMask();
    for (int i = 0; i < input.length; i++) {
      Preconditions.checkArgument(
          (input[i] & ~modulusMask) == 0,
          "input element %d must be in [0, 2^%d)",
          i,
          config.modulusBits());
    }
    Map<Integer, ShamirShare[]> decrypted = new TreeMap<>();
    for (EncryptedShare share : message.shares()) {
      int sender = share.sender();
      checkSession(share.sessionId(), share.round(), "share from client " + sender);
      Preconditions.checkArgument(
          share.recipient() == id,
          "share from client %d is addressed to client %d, not to client %d",
          sender,
          share.recipient(),
          id);
      Preconditions.checkArgument(
          sender != id && neighbours.containsKey(sender),
          "share from client %d, which is not a neighbour of client %d",
          sender,
          id);
      Preconditions.checkArgument(
          !decrypted.containsKey(sender), "two shares from client %d", sender);
      decrypted.put(sender, ShareEnvelope.open(config, id, encryptionSecrets.get(sender), share));
    }
    Preconditions.checkArgument(
        decrypted.size() + 1 >= config.threshold(),
        "only %d neighbours (client %d included) shared keys; the threshold is %d",
        decrypted.size() + 1,
        id,
        config.threshold());
    for (Map.Entry<Integer, ShamirShare[]> entry : decrypted.entrySet()) {
      seedShares.put(entry.getKey(), entry.getValue()[0]);
      maskKeyShares.put(entry.getKey(), entry.getValue()[1]);
      sharers.add(entry.getKey());
    }
    ModularVector masked = ModularVector.of(config.modulusBits(), input);
    byte[] selfKey =
        SecretLedger.track(
            KeySchedule.selfMaskStreamKey(
                selfMaskSeed,
                config.sessionId(),
                config.round(),
                id,
                config.vectorLength(),
                config.modulusBits()));
    masked.addStream(selfKey, false);
    Arrays.fill(selfKey, (byte) 0);
    for (int v : decrypted.keySet()) {
      byte[] shared =
          SecretLedger.track(X25519.sharedSecret(maskKey, neighbours.get(v).maskPublicKey()));
      byte[] streamKey =
          SecretLedger.track(
              KeySchedule.pairwiseMaskStreamKey(
                  shared,
                  config.sessionId(),
                  config.round(),
                  id,
                  v,
                  config.vectorLength(),
                  config.modulusBits()));
      Arrays.fill(shared, (byte) 0);
      masked.addStream(streamKey, v < id);
      pairwiseKeys.put(v, SecretBytes.copyOf(streamKey));
      Arrays.fill(streamKey, (byte) 0);
    }
    state = State.INPUT_MASKED;
    return masked.toMaskedInput(config.sessionId(), config.round(), id);
  }

  /**
   * Round 3: reveals the self-mask-seed share of every listed survivor, and the mask-key share of
   * every listed dropped neighbour with the pairwise mask key this client shares with it, once, and
   * then erases this client's secrets.
   *
   * <p>Revealing the pairwise key of a dropped neighbour tells the server nothing that the mask-key
   * shares do not: the key is one of those the server rebuilds from t of them. It cannot help to
   * unmask this client's own input either: the request must leave at least t survivors, so at most
   * k - t &lt; t of this client's pairwise keys are revealed, while its self-mask seed is only
   * reconstructed from the shares of t neighbours that were told it survived, and none of those
   * reveals the key it shares with this client.
   *
   * @throws IllegalStateException if the request was already answered (the client never answers
   *     twice) or comes before the masked input
   * @throws IllegalArgumentException if the request is for another session, round or client, lists
   *     a neighbour both as survivor and as dropped, lists this client as dropped or omits it from
   *     the survivors, names a client that did not share keys with this one, or lists fewer than t
   *     survivors
   */
  public synchronized UnmaskResponse unmask(UnmaskRequest request) {
    Preconditions.checkNotNull(request, "request");
    Preconditions.checkState(
        state != State.FINISHED,
        "client %d already answered the unmask request of session %s; it never answers twice",
        id,
        config.sessionId());
    expectState(State.INPUT_MASKED, "answer an unmask request");
    checkSession(request.sessionId(), request.round(), "UnmaskRequest");
    checkRecipient(request.recipient(), "UnmaskRequest");
    Set<Integer> survivors = new HashSet<>(request.survivors());
    for (int v : request.dropped()) {
      Preconditions.checkArgument(
          !survivors.contains(v),
          "client %d is listed both as survivor and as dropped; revealing both of its shares"
              + " would unmask its input, so client %d refuses",
          v,
          id);
    }
    Preconditions.checkArgument(
        survivors.size() == request.survivors().size()
            && new HashSet<>(request.dropped()).size() == request.dropped().size(),
        "the unmask request lists a client twice");
    Preconditions.checkArgument(
        survivors.contains(id), "client %d is not listed among the survivors it answers for", id);
    for (int v : request.survivors()) {
      Preconditions.checkArgument(
          v == id || sharers.contains(v), "survivor %d did not share keys with client %d", v, id);
    }
    for (int v : request.dropped()) {
      Preconditions.checkArgument(
          sharers.contains(v), "dropped client %d did not share keys with client %d", v, id);
    }
    Preconditions.checkArgument(
        survivors.size() >= config.threshold(),
        "only %d survivors among the neighbours of client %d; the threshold is %d",
        survivors.size(),
        id,
        config.threshold());
    List<RevealedShare> seeds = new ArrayList<>();
    for (int v : request.survivors()) {
      seeds.add(new RevealedShare(v, seedShares.get(v)));
    }
    List<RevealedShare> keys = new ArrayList<>();
    List<PairwiseKey> pairwise = new ArrayList<>();
    for (int v : request.dropped()) {
      keys.add(new RevealedShare(v, maskKeyShares.get(v)));
      byte[] streamKey = SecretLedger.track(pairwiseKeys.get(v).bytes());
      pairwise.add(new PairwiseKey(v, streamKey));
      Arrays.fill(streamKey, (byte) 0);
    }
    state = State.FINISHED;
    erase();
    return new UnmaskResponse(config.sessionId(), config.round(), id, seeds, keys, pairwise);
  }

  private void erase() {
    encryptionKey.destroy();
    maskKey.destroy();
    selfMaskSeed.destroy();
    encryptionSecrets.values().forEach(SecretBytes::destroy);
    encryptionSecrets.clear();
    seedShares.clear();
    maskKeyShares.clear();
    pairwiseKeys.values().forEach(SecretBytes::destroy);
    pairwiseKeys.clear();
  }

  private void expectState(State expected, String action) {
    if (state == expected) {
      return;
    }
    String reason =
        state.ordinal() > expected.ordinal()
            ? "a replayed or out-of-order message"
            : "an out-of-order message: an earlier step is missing";
    throw new IllegalStateException(
        String.format(
            "client %d of session %s cannot %s in state %s (expected %s): %s is refused",
            id, config.sessionId(), action, state, expected, reason));
  }

  private void checkSession(String sessionId, long round, String what) {
    Preconditions.checkArgument(
        config.sessionId().equals(sessionId) && config.round() == round,
        "%s belongs to session %s round %d, not to session %s round %d",
        what,
        sessionId,
        round,
        config.sessionId(),
        config.round());
  }

  private void checkRecipient(int recipient, String what) {
    Preconditions.checkArgument(
        recipient == id, "%s is addressed to client %d, not to client %d", what, recipient, id);
  }

  @Override
  public synchronized String toString() {
    return "SecAggClient[id=" + id + ", session=" + config.sessionId() + ", state=" + state + "]";
  }
}
