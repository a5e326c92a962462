package org.fashionmnist.server.web.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentCodingsTest {

	@ParameterizedTest
	@ValueSource(strings = { "gzip", "GZIP", "gzip, deflate, br", "deflate, gzip;q=0.5", "gzip;q=1.000", "gzip ; q=0.001",
			"x-gzip", "*", "br, *;q=0.2", "gzip;q=0, x-gzip;q=1", "identity;q=0, gzip" })
	void allowGzip(String acceptEncoding) {
		assertThat(ContentCodings.acceptsGzip(new String[] { acceptEncoding })).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.000", "gzip; Q=0", "*;q=0", "gzip;q=0, *",
			"gzip;q=2", "gzip;q=abc", "gzip;q=0.0001", "gzipx", "*;q=0.5, gzip;q=0", "gzip;q=" })
	void refuseGzip(String acceptEncoding) {
		assertThat(ContentCodings.acceptsGzip(new String[] { acceptEncoding })).isFalse();
	}

	@Test
	void withoutTheHeaderOnlyTheIdentityIsAccepted() {
		assertThat(ContentCodings.acceptsGzip(null)).isFalse();
	}

	@Test
	void readsEveryHeaderLine() {
		assertThat(ContentCodings.acceptsGzip(new String[] { "br", "gzip" })).isTrue();
		assertThat(ContentCodings.acceptsGzip(new String[] { "*", "gzip;q=0" })).isFalse();
	}

}
