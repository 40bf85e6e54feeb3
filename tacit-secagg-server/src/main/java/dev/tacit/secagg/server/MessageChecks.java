package dev.tacit.secagg.server;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.Shamir;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the server checks of a client's message, apart from its phase: that it belongs to the
 * session and carries exactly what was asked of its sender. Each check throws {@link
 * IllegalArgumentException} with a message that names the client and the fault.
 */
final class MessageChecks {
  private static final int CHUNKS = Shamir.chunkCount(Unmasker.SEED_LENGTH);

  private final SecAggConfig config;

  MessageChecks(SecAggConfig config) {
    this.config = config;
  }

  /** A message ({@code what}) from {@code sender} is of this session and round. */
  void session(String sessionId, long round, String what, int sender) {
    Preconditions.checkArgument(
        config.sessionId().equals(sessionId) && config.round() == round,
        "%s from client %d belongs to session %s round %d, not to session %s round %d",
        what,
        sender,
        sessionId,
        round,
        config.sessionId(),
        config.round());
  }

  /** {@code clientId} is a client of the session. */
  void client(int clientId) {
    Preconditions.checkArgument(
        clientId >= 1 && clientId <= config.numClients(),
        "client id must be in [1, %d], was %d",
        config.numClients(),
        clientId);
  }

  /**
   * {@code message} holds one share of this session from its sender for each of the other clients
   * of {@code neighbourhood} (the sender's announced neighbourhood, itself included).
   */
  void shares(ShareKeys message, int[] neighbourhood) {
    int sender = message.sender();
    Set<Integer> expected = new TreeSet<>();
    for (int v : neighbourhood) {
      if (v != sender) {
        expected.add(v);
      }
    }
    Set<Integer> seen = new HashSet<>();
    for (EncryptedShare share : message.shares()) {
      session(share.sessionId(), share.round(), "a share", sender);
      Preconditions.checkArgument(
          share.sender() == sender,
          "ShareKeys from client %d carries a share from client %d",
          sender,
          share.sender());
      Preconditions.checkArgument(
          expected.contains(share.recipient()) && seen.add(share.recipient()),
          "ShareKeys from client %d has an unexpected or repeated share for client %d",
          sender,
          share.recipient());
    }
    Preconditions.checkArgument(
        seen.size() == expected.size(),
        "ShareKeys from client %d has %d shares, expected one for each of %d neighbours",
        sender,
        seen.size(),
        expected.size());
  }

  /**
   * {@code message} reveals exactly what {@code request} asked: a self-mask share of each survivor,
   * a mask-key share of each dropped neighbour, and pairwise keys with dropped neighbours only,
   * none twice.
   */
  void answers(UnmaskResponse message, UnmaskRequest request) {
    int sender = message.sender();
    revealed(sender, message.selfMaskShares(), request.survivors(), "self-mask");
    revealed(sender, message.maskKeyShares(), request.dropped(), "mask-key");
    Set<Integer> keyed = new HashSet<>();
    for (PairwiseKey key : message.pairwiseKeys()) {
      Preconditions.checkArgument(
          request.dropped().contains(key.neighbour()) && keyed.add(key.neighbour()),
          "UnmaskResponse from client %d has an unrequested or repeated pairwise key with client"
              + " %d",
          sender,
          key.neighbour());
    }
  }

  private static void revealed(
      int sender, List<RevealedShare> shares, List<Integer> expectedOwners, String kind) {
    Preconditions.checkArgument(
        shares.size() == expectedOwners.size(),
        "UnmaskResponse from client %d has %d %s shares, %d were requested",
        sender,
        shares.size(),
        kind,
        expectedOwners.size());
    Set<Integer> owners = new HashSet<>();
    for (RevealedShare share : shares) {
      Preconditions.checkArgument(
          expectedOwners.contains(share.owner()) && owners.add(share.owner()),
          "UnmaskResponse from client %d has an unrequested or repeated %s share of client %d",
          sender,
          kind,
          share.owner());
      Preconditions.checkArgument(
          share.share().x() == sender && share.share().chunkCount() == CHUNKS,
          "UnmaskResponse from client %d has a %s share with x = %d and %d chunks",
          sender,
          kind,
          share.share().x(),
          share.share().chunkCount());
    }
  }
}
