package org.fashionmnist.server.web.tomcat;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * The probe connector ({@link ProbeConnector}) serves the health, info and metrics endpoints
 * ({@code /actuator}) and the inference protocol's health ({@code /v2/health}), nothing else: it is
 * there so that a platform can tell whether the process is alive while the main connector is saturated,
 * and its few threads are for that. Any other path asked of it is not found (404, as a problem).
 * Requests on other connectors pass untouched. A valve, not a servlet filter, so that it runs before
 * every filter and knows the connector a request came in on.
 */
final class ProbeConnectorValve extends ValveBase {

	private final Connector probes;

	ProbeConnectorValve(Connector probes) {
		super(true);
		this.probes = probes;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (request.getConnector() == this.probes && !servedOnProbePort(request.getDecodedRequestURI())) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		getNext().invoke(request, response);
	}

	static boolean servedOnProbePort(String path) {
		return path.equals("/actuator") || path.startsWith("/actuator/") || path.startsWith("/v2/health/");
	}

}
