package org.fashionmnist.server.web.batch;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.List;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.fashionmnist.server.batch.BatchContent;
import org.fashionmnist.server.batch.EpochShuffle;
import org.fashionmnist.server.batch.Equalization;
import org.fashionmnist.server.batch.Layout;
import org.fashionmnist.server.batch.Normalization;
import org.fashionmnist.server.batch.PixelType;
import org.fashionmnist.server.dataset.Dataset;
import org.fashionmnist.server.dataset.DatasetCatalog;
import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Split;
import org.fashionmnist.server.dataset.SplitData;
import org.fashionmnist.server.tensor.TensorFormat;
import org.fashionmnist.server.web.HttpTest;
import org.fashionmnist.server.web.http.Responses;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch query is declared once: the plan writes it back as its template in a form the fast path reads
 * to the same query, and the OpenAPI description of both endpoints is the record's own declaration.
 */
class BatchQueryTest extends HttpTest {

	/** What swagger's annotations hold where nothing was given. */
	private static final String UNSET = "##default";

	@Autowired
	private DatasetCatalog catalog;

	private static final BatchQuery EVERYTHING_GIVEN = new BatchQuery(100, true, 7L, 3L, 1000L, 1, 4, Equalization.PAD, true,
			List.of(9, 2, 5), PixelType.FLOAT32, Normalization.STANDARD, Layout.NCHW, TensorFormat.SAFETENSORS);

	@Test
	void theTemplatesQueryReadsBackToTheSameQuery() {
		assertThat(EVERYTHING_GIVEN.toQueryString()).isEqualTo("batchSize=100&shuffle=true&seed=7&epoch=3&start=1000&shard=1"
				+ "&numShards=4&equalize=pad&dropLast=true&label=2,5,9&dtype=float32&normalize=standard&layout=nchw&format=safetensors");
		BatchQuery read = BatchFastPath.plain(EVERYTHING_GIVEN.toQueryString());
		assertThat(read).usingRecursiveComparison().ignoringFields("label").isEqualTo(EVERYTHING_GIVEN);
		assertThat(read.label()).containsExactly(2, 5, 9);
	}

	@Test
	void defaultsAreTheEpochsOnlyTheContentsStayUnsaid() {
		BatchQuery defaults = BatchFastPath.plain(null);

		assertThat(defaults)
			.isEqualTo(new BatchQuery(null, null, null, null, null, null, null, null, null, null, null, null, null, null));
		assertThat(defaults.toQueryString()).isEqualTo("batchSize=256&shuffle=false&seed=0&epoch=0&shard=0&numShards=1&dropLast=false");
	}

	@Test
	void startAndEqualizeStayOutOfTheTemplateUnlessGiven() {
		BatchQuery given = BatchFastPath.plain("batchSize=8&equalize=drop&start=0");

		assertThat(given.toQueryString())
			.isEqualTo("batchSize=8&shuffle=false&seed=0&epoch=0&start=0&shard=0&numShards=1&equalize=drop&dropLast=false");
		assertThat(BatchFastPath.plain("batchSize=8").toQueryString())
			.isEqualTo("batchSize=8&shuffle=false&seed=0&epoch=0&shard=0&numShards=1&dropLast=false");
	}

	@Test
	void tagsOfQueriesWithoutStartOrEqualizeAreThoseTheyHadBefore() {
		Dataset dataset = this.catalog.find("fashion-mnist").orElseThrow();
		SplitData train = dataset.split(Split.TRAIN);
		BatchContent content = new BatchContent(PixelType.UINT8, Normalization.NONE, Layout.NHW);
		String epoch = "256-7-3-1-2-0-" + Integer.toHexString(LabelSet.all().mask());
		String batchTag = Responses.etag(dataset, "batch", EpochShuffle.VERSION, "train", epoch, "uint8", "none", "nhw",
				TensorFormat.NPZ.encoder().version(), 5);
		String planTag = Responses.etag(dataset, "plan", EpochShuffle.VERSION, "train", epoch, "", "", "", "");

		BatchQuery without = BatchFastPath.plain("shuffle=true&seed=7&epoch=3&shard=1&numShards=2");
		BatchQuery defaults = BatchFastPath.plain("shuffle=true&seed=7&epoch=3&shard=1&numShards=2&start=0&equalize=none");
		assertThat(without.batchTag(dataset, train, content, TensorFormat.NPZ, 5)).isEqualTo(batchTag);
		assertThat(without.planTag(dataset, train)).isEqualTo(planTag);
		// The same batch: the same bytes and tag. Another plan: its template carries start and equalize.
		assertThat(defaults.batchTag(dataset, train, content, TensorFormat.NPZ, 5)).isEqualTo(batchTag);
		assertThat(defaults.planTag(dataset, train)).isNotEqualTo(planTag);
		for (String other : new String[] { "start=1", "equalize=drop", "equalize=pad", "start=256&equalize=pad" }) {
			BatchQuery query = BatchFastPath.plain("shuffle=true&seed=7&epoch=3&shard=1&numShards=2&" + other);
			assertThat(query.batchTag(dataset, train, content, TensorFormat.NPZ, 5)).as(other).isNotEqualTo(batchTag);
			assertThat(query.planTag(dataset, train)).as(other).isNotEqualTo(planTag);
		}
		assertThat(BatchFastPath.plain("shuffle=true&seed=7&epoch=3&shard=1&numShards=2&start=1")
			.batchTag(dataset, train, content, TensorFormat.NPZ, 5))
			.isNotEqualTo(BatchFastPath.plain("shuffle=true&seed=7&epoch=3&shard=1&numShards=2&start=2")
				.batchTag(dataset, train, content, TensorFormat.NPZ, 5));
	}

	@Test
	void bothEndpointsDocumentEveryComponentWithItsLimitsAndDefault() throws NoSuchFieldException {
		JsonNode paths = getJson("/v3/api-docs").get("paths");
		for (String path : List.of("/api/v1/datasets/{dataset}/splits/{split}/batches",
				"/api/v1/datasets/{dataset}/splits/{split}/batches/{batch}")) {
			JsonNode parameters = paths.get(path).get("get").get("parameters");
			for (RecordComponent component : BatchQuery.class.getRecordComponents()) {
				JsonNode documented = parameters.valueStream()
					.filter((parameter) -> component.getName().equals(parameter.path("name").asString()))
					.findFirst()
					.orElseThrow(() -> new AssertionError(path + " does not document " + component.getName()));
				assertThat(documented.get("in").asString()).isEqualTo("query");
				assertThat(documented.get("required").asBoolean()).isFalse();
				assertThat(documented.get("description").asString()).as(component.getName()).isNotBlank();
				// Annotations on a component land on its field (they do not target record components).
				Field field = BatchQuery.class.getDeclaredField(component.getName());
				Parameter declared = field.getAnnotation(Parameter.class);
				JsonNode schema = documented.get("schema");
				if (declared != null) {
					assertThat(documented.get("description").asString()).isEqualTo(declared.description());
					if (!declared.schema().defaultValue().equals(UNSET)) {
						assertThat(schema.path("default").asString()).as(component.getName()).isEqualTo(declared.schema().defaultValue());
					}
					if (declared.schema().allowableValues().length > 0) {
						assertThat(schema.get("enum").valueStream().map(JsonNode::asString))
							.containsExactly(declared.schema().allowableValues());
					}
				}
				Min min = field.getAnnotation(Min.class);
				Max max = field.getAnnotation(Max.class);
				assertThat(schema.path("minimum").asLong(-1)).as(component.getName()).isEqualTo((min != null) ? min.value() : -1);
				assertThat(schema.path("maximum").asLong(-1)).as(component.getName()).isEqualTo((max != null) ? max.value() : -1);
			}
		}
	}

}
