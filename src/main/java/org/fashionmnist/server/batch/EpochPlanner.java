package org.fashionmnist.server.batch;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fashionmnist.server.dataset.LabelSet;
import org.fashionmnist.server.dataset.Selection;
import org.fashionmnist.server.dataset.SplitData;

import org.springframework.stereotype.Component;

/**
 * Plans epochs. Every batch request needs its epoch's order, and shuffling 60,000 indices for each of
 * an epoch's 235 batches would be wasteful, so the orders of the most recently used epochs are kept:
 * at most {@value #CACHED_ORDERS} of them, 240 KB each for the train split.
 */
@Component
public class EpochPlanner {

	static final int CACHED_ORDERS = 16;

	private final Map<OrderKey, Selection> orders = new LinkedHashMap<>(CACHED_ORDERS * 2, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<OrderKey, Selection> eldest) {
			return size() > CACHED_ORDERS;
		}
	};

	public EpochPlan plan(SplitData split, EpochSpec spec) {
		return new EpochPlan(order(split, spec), spec);
	}

	private Selection order(SplitData split, EpochSpec spec) {
		if (!spec.shuffle() && spec.labels().isAll()) {
			return Selection.all(split.size());
		}
		OrderKey key = OrderKey.of(split, spec);
		Selection order;
		synchronized (this.orders) {
			order = this.orders.get(key);
		}
		if (order == null) {
			// Computed outside the lock: a rare duplicate computation beats making every request wait.
			Selection filtered = split.select(spec.labels());
			order = spec.shuffle() ? Selection.of(EpochShuffle.order(filtered, spec.seed(), spec.epoch())) : filtered;
			synchronized (this.orders) {
				this.orders.put(key, order);
			}
		}
		return order;
	}

	/** What an epoch's order depends on; the split is compared by identity. */
	private record OrderKey(SplitData split, LabelSet labels, boolean shuffle, long seed, long epoch) {

		static OrderKey of(SplitData split, EpochSpec spec) {
			return spec.shuffle() ? new OrderKey(split, spec.labels(), true, spec.seed(), spec.epoch())
					: new OrderKey(split, spec.labels(), false, 0, 0);
		}

	}

}
