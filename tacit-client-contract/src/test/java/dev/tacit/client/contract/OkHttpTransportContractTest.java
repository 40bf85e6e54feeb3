package dev.tacit.client.contract;

import dev.tacit.client.okhttp.OkHttpTransport;
import dev.tacit.client.transport.HttpTransport;
import java.time.Duration;

/** The contract with OkHttp. */
class OkHttpTransportContractTest extends TransportContract {
  @Override
  HttpTransport transport() {
    return OkHttpTransport.create(new HttpTransport.Options(Duration.ofSeconds(5), null));
  }
}
