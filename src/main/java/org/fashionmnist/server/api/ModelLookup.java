package org.fashionmnist.server.api;

import java.util.stream.Collectors;

import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;

import org.springframework.stereotype.Component;

/** Resolves the model of a URL, or reports a 404 that says which models exist. */
@Component
class ModelLookup {

	private final ModelCatalog catalog;

	ModelLookup(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	Model model(String id) {
		return this.catalog.find(id)
			.orElseThrow(() -> Problems.notFound("There is no model '" + id + "'. Models: "
					+ this.catalog.all().stream().map(Model::id).collect(Collectors.joining(", ")) + "."));
	}

}
