package org.fashionmnist.server.web.tomcat;

import org.apache.coyote.Adapter;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's HTTP/1.1 processor, telling the connection's {@link BodyRateChannel} where each request begins
 * and where its body ends, so that the body is held to a {@link BodyRate}. The processor hands each request
 * to its adapter (Catalina) once the head is parsed; it is given one that marks the beginning before it
 * passes the request on and, once the application has answered, ends the body unless some of it is still
 * to come: Tomcat reads that rest and drops it after the response, under the same rate. An asynchronous
 * request's body is not held to it (its reads happen on other threads, at the application's pace).
 */
final class BodyRateHttp11Processor extends Http11Processor {

	private final Adapter adapter;

	BodyRateHttp11Processor(AbstractHttp11Protocol<?> protocol, Adapter adapter) {
		super(protocol, adapter);
		this.adapter = new Marking(adapter);
	}

	@Override
	public Adapter getAdapter() {
		return this.adapter;
	}

	private @Nullable BodyRateChannel channel() {
		SocketWrapperBase<?> socket = getSocketWrapper();
		return (socket != null && socket.getSocket() instanceof BodyRateChannel channel) ? channel : null;
	}

	/** Catalina, with the beginning and the body's end of each request marked on the channel. */
	private final class Marking implements Adapter {

		private final Adapter catalina;

		Marking(Adapter catalina) {
			this.catalina = catalina;
		}

		@Override
		public void service(Request req, Response res) throws Exception {
			BodyRateChannel channel = channel();
			if (channel != null) {
				channel.requestBegins();
			}
			try {
				this.catalina.service(req, res);
			}
			finally {
				if (channel != null && (isAsync() || req.isFinished())) {
					channel.bodyEnded();
				}
			}
		}

		@Override
		public boolean prepare(Request req, Response res) throws Exception {
			return this.catalina.prepare(req, res);
		}

		@Override
		public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
			return this.catalina.asyncDispatch(req, res, status);
		}

		@Override
		public void log(Request req, Response res, long time) {
			this.catalina.log(req, res, time);
		}

		@Override
		public void checkRecycled(Request req, Response res) {
			this.catalina.checkRecycled(req, res);
		}

		@Override
		public String getDomain() {
			return this.catalina.getDomain();
		}

	}

}
