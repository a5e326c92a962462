package org.fashionmnist.server.web.http;

import java.util.stream.Collectors;

import org.fashionmnist.server.inference.Model;
import org.fashionmnist.server.inference.ModelCatalog;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.stereotype.Component;

/** Resolves the model of a URL, or reports a 404 that says which models exist. */
@Component
public class ModelLookup {

	private final ModelCatalog catalog;

	public ModelLookup(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	public Model model(String id) {
		return this.catalog.find(id)
			.orElseThrow(() -> Problems.notFound("There is no model '" + id + "'. Models: "
					+ this.catalog.all().stream().map(Model::id).collect(Collectors.joining(", ")) + "."));
	}

}
