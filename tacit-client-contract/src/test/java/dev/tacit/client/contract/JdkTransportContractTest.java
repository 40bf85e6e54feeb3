package dev.tacit.client.contract;

import dev.tacit.client.jdk.JdkHttpTransport;
import dev.tacit.client.transport.HttpTransport;
import java.time.Duration;

/** The contract with the JDK's {@code HttpClient}. */
class JdkTransportContractTest extends TransportContract {
  @Override
  HttpTransport transport() {
    return JdkHttpTransport.create(new HttpTransport.Options(Duration.ofSeconds(5), null));
  }
}
