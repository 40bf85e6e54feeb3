package dev.tacit.cli.load;

import dev.tacit.client.transport.HttpTransport;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Json;
import java.util.Arrays;
import java.util.Map;

/** What a measured phase sends and how it checks an answer. */
public interface Workload {
  /** The next request of {@code device}. */
  HttpTransport.Request request(LoadClient.Device device);

  /**
   * Checks a response; returns null when it is right, else the kind of error. {@code sample} asks
   * for the expensive checks; {@code answers} counts the kinds of right answers.
   */
  String check(HttpTransport.Response response, boolean sample, Map<String, Long> answers);

  /** {@code GET /v1/models/0} with gzip; every answer must be {@code frame}, gzipped. */
  static Workload modelDownloads(LoadClient client, byte[] frame) {
    return new ModelDownloads(client, frame.clone());
  }

  /** {@code POST /v1/devices/{id}/check-in?wait=0}. */
  static Workload checkIns(LoadClient client) {
    return new CheckIns(client);
  }

  /** {@code GET /v1/models/0} with gzip. */
  record ModelDownloads(LoadClient client, byte[] frame) implements Workload {
    @Override
    public HttpTransport.Request request(LoadClient.Device device) {
      return client.get("/v1/models/0", true);
    }

    @Override
    public String check(HttpTransport.Response r, boolean sample, Map<String, Long> answers) {
      if (r.status() != 200) {
        return "HTTP " + r.status();
      }
      if (!r.contentEncoding().equals("gzip")) {
        return "answer not gzipped";
      }
      if (sample) {
        try {
          byte[] plain = LoadClient.gunzip(r.body());
          dev.tacit.protocol.TensorFrame.decode(plain);
          if (!Arrays.equals(plain, frame)) {
            return "frame differs from the model";
          }
        } catch (RuntimeException e) {
          return "frame does not decode";
        }
      }
      answers.merge("200 gzip", 1L, Long::sum);
      return null;
    }
  }

  /** {@code POST /v1/devices/{id}/check-in?wait=0}. */
  record CheckIns(LoadClient client) implements Workload {
    @Override
    public HttpTransport.Request request(LoadClient.Device device) {
      return client.json(
          "POST",
          "/v1/devices/" + device.id() + "/check-in?wait=0",
          device.token(),
          new CheckIn(device.id(), 0));
    }

    @Override
    public String check(HttpTransport.Response r, boolean sample, Map<String, Long> answers) {
      if (r.status() != 200) {
        return "HTTP " + r.status();
      }
      CheckInResponse answer;
      try {
        answer = Json.read(r.body(), CheckInResponse.class);
      } catch (RuntimeException e) {
        return "answer does not parse";
      }
      String kind =
          answer.assignment() != null
              ? "assigned"
              : "retry after " + answer.retryAfterSeconds() + " s";
      answers.merge(kind, 1L, Long::sum);
      return null;
    }
  }
}
