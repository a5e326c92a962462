package org.fashionmnist.server.inference;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * Whether the server and its models can serve inference: the one place that decides it, so that the
 * health endpoints of every protocol agree. Today a model is ready once it is in the
 * {@link ModelCatalog}, which holds only models that were loaded and answered a first batch (their
 * evaluations, which only describe them, may still run), and the application is ready once start-up is
 * over and until shutdown begins. Should models ever be loaded in the background, only this class needs
 * to learn how to tell.
 */
@Component
public class ModelReadiness {

	private final ApplicationAvailability availability;

	private final ModelCatalog catalog;

	public ModelReadiness(ApplicationAvailability availability, ModelCatalog catalog) {
		this.availability = availability;
		this.catalog = catalog;
	}

	/** Whether the application works at all (Spring Boot's liveness state). */
	public boolean isLive() {
		return this.availability.getLivenessState() == LivenessState.CORRECT;
	}

	/** Whether the application accepts traffic and every configured model is ready. */
	public boolean isReady() {
		return acceptsTraffic() && this.catalog.all().stream().allMatch(this::isServing);
	}

	/** Whether the application accepts traffic and {@code model} is ready for inference. */
	public boolean isReady(Model model) {
		return acceptsTraffic() && isServing(model);
	}

	private boolean acceptsTraffic() {
		return this.availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
	}

	private boolean isServing(Model model) {
		return this.catalog.find(model.id()).isPresent() && !model.isClosed();
	}

}
