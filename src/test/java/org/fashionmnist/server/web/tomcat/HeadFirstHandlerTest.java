package org.fashionmnist.server.web.tomcat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a request head ends, read as Tomcat reads it: lines end with CRLF or LF, and empty lines before it are skipped. */
class HeadFirstHandlerTest {

	@ParameterizedTest
	@ValueSource(strings = { "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\r\nHost: x\n\r\n",
			"\r\n\r\nGET / HTTP/1.1\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody" })
	void aHeadWithItsEmptyLineIsComplete(String received) {
		assertThat(complete(received)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "\r\n", "\r\n\r\n", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r",
			"GET / HTTP/1.1\r\nX-Trickle-1: x\r\nX-Trickle-2: x\r\n" })
	void aHeadWithoutItIsNot(String received) {
		assertThat(complete(received)).isFalse();
	}

	private static boolean complete(String received) {
		byte[] bytes = received.getBytes(StandardCharsets.US_ASCII);
		return HeadFirstHandler.endsHead(bytes, HeadFirstHandler.skipEmptyLines(bytes, 0, bytes.length), bytes.length);
	}

}
