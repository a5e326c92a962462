package org.fashionmnist.server.web.tomcat;

/**
 * The probe connector's protocol ({@link ProbeConnector}): the main connector's, except that it goes on
 * answering while a graceful shutdown drains the main connector. Liveness then still says the process is
 * alive (a platform that kills on failed liveness would otherwise cut the drain short), and readiness says
 * the instance refuses traffic instead of timing out. It stops with the server.
 * <p>
 * Tomcat instantiates its protocol by class name, hence a public class with a public constructor.
 */
public class ProbeHttp11NioProtocol extends DrainingHttp11NioProtocol {

	/** Spring Boot's graceful shutdown pauses every connector; this one keeps answering. */
	@Override
	public void pause() {
	}

	/** Spring Boot's graceful shutdown closes every connector's listening socket; this one keeps it. */
	@Override
	public void closeServerSocketGraceful() {
	}

}
