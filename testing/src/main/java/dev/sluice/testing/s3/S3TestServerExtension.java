package dev.sluice.testing.s3;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM's {@linkplain S3TestServer#shared() shared S3 test server} into test constructors,
 * lifecycle methods and test methods that declare an {@link S3TestServer} parameter, so test classes
 * do not each pay its start-up:
 *
 * <pre>{@code
 * @ExtendWith(S3TestServerExtension.class)
 * class MyStoreTest {
 *   @Test
 *   void roundTrip(S3TestServer s3) {
 *     String bucket = s3.newBucket();
 *     // connect a client to s3.endpoint() with s3.accessKey() / s3.secretKey()
 *   }
 * }
 * }</pre>
 */
public final class S3TestServerExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == S3TestServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return S3TestServer.shared();
  }
}
