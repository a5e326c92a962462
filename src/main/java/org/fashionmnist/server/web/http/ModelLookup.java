package org.fashionmnist.server.web.http;

import java.util.stream.Collectors;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.stereotype.Component;

/** Resolves the model of a URL (a 404) or of a query parameter (a 400), saying which models exist. */
@Component
public class ModelLookup {

	private final ModelCatalog catalog;

	public ModelLookup(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	public Model model(String id) {
		return this.catalog.find(id)
			.orElseThrow(() -> Problems.notFound("There is no model '" + id + "'. " + known() + "."));
	}

	/** The model a query parameter names, trained on {@code dataset}; a 400 naming the parameter otherwise. */
	public Model parameter(String name, String id, Dataset dataset) {
		Model model = this.catalog.find(id)
			.orElseThrow(() -> Problems.invalidParameter(name, "names no model: '" + id + "'. " + known()));
		if (!model.dataset().equals(dataset.id())) {
			throw Problems.invalidParameter(name, "names model " + id + ", which was trained on " + model.dataset() + ", not "
					+ dataset.id());
		}
		return model;
	}

	private String known() {
		return "Models: " + this.catalog.all().stream().map(Model::id).collect(Collectors.joining(", "));
	}

}
