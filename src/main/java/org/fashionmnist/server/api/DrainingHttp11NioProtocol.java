package org.fashionmnist.server.api;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's HTTP/1.1 connector, changed in one respect: a graceful shutdown answers every request that
 * reaches it instead of dropping some.
 * <p>
 * Spring Boot's graceful shutdown pauses the connector, then closes its listening socket, then waits for
 * the requests in progress. A paused Tomcat closes a kept-alive connection as soon as the next request
 * arrives on it, without reading or answering it: a client that sent a request just after the signal (a
 * POST prediction, say) sees the connection close with no response and cannot tell whether the request
 * was processed. Here the first pause (Spring Boot's) only closes the listening socket: new connections
 * are refused, and Tomcat turns keep-alive off once the socket is closed, so a request arriving on an
 * open connection is answered in full with {@code Connection: close}, and the client opens its next
 * connection elsewhere. Every open connection thus carries at most one more request, and the wait for
 * requests in progress ends. A later pause (Tomcat stopping) pauses as usual.
 * <p>
 * Tomcat instantiates its protocol by class name, hence a public class with a public constructor.
 */
public class DrainingHttp11NioProtocol extends Http11NioProtocol {

	private volatile boolean draining;

	@Override
	public void pause() throws Exception {
		if (this.draining) {
			super.pause();
			return;
		}
		this.draining = true;
		closeServerSocketGraceful();
	}

}
