package org.fashionmnist.server.web.http;

import java.util.stream.Collectors;

import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.web.problem.Problems;

import org.springframework.stereotype.Component;

/** Resolves the dataset, split and index of a URL, or reports a 404 that says what does exist. */
@Component
public class DatasetLookup {

	private final DatasetCatalog catalog;

	public DatasetLookup(DatasetCatalog catalog) {
		this.catalog = catalog;
	}

	public Dataset dataset(String id) {
		return this.catalog.find(id)
			.orElseThrow(() -> Problems.notFound("There is no dataset '" + id + "'. Datasets: "
					+ this.catalog.all().stream().map(Dataset::id).collect(Collectors.joining(", ")) + "."));
	}

	public SplitData split(Dataset dataset, String name) {
		return Split.parse(name)
			.map(dataset::split)
			.orElseThrow(() -> Problems.notFound("There is no split '" + name + "' in " + dataset.id()
					+ ". Splits: train, test (t10k is an alias of test)."));
	}

	public SplitData split(String datasetId, String splitName) {
		return split(dataset(datasetId), splitName);
	}

	/** Checks an index that validation already knows is not negative against the split's size. */
	public static int index(SplitData split, int index) {
		if (index >= split.size()) {
			throw Problems.notFound("Index " + index + " is past the end of the " + split.split().id()
					+ " split, which holds " + split.size() + " items (indices 0.." + (split.size() - 1) + ").");
		}
		return index;
	}

}
