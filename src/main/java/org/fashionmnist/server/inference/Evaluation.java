package org.fashionmnist.server.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a model does on a labelled split: accuracy, precision, recall and F1 of each class, and the
 * confusion matrix ({@code confusionMatrix[true label][predicted label]}).
 */
public record Evaluation(String split, int size, double accuracy, List<ClassScores> perClass,
		int[][] confusionMatrix) {

	/** Scores of one class; a score whose denominator is 0 is 0. */
	public record ClassScores(int label, String className, double precision, double recall, double f1, int support) {
	}

	static Evaluation of(SplitPredictions predictions, List<String> classNames) {
		int n = classNames.size();
		int[][] confusion = new int[n][n];
		int correct = 0;
		for (int i = 0; i < predictions.size(); i++) {
			confusion[predictions.split().label(i)][predictions.label(i)]++;
			correct += predictions.correct(i) ? 1 : 0;
		}
		List<ClassScores> scores = new ArrayList<>(n);
		for (int label = 0; label < n; label++) {
			int truePositives = confusion[label][label];
			int support = 0;
			int predictedAs = 0;
			for (int other = 0; other < n; other++) {
				support += confusion[label][other];
				predictedAs += confusion[other][label];
			}
			double precision = ratio(truePositives, predictedAs);
			double recall = ratio(truePositives, support);
			double f1 = (precision + recall > 0) ? 2 * precision * recall / (precision + recall) : 0;
			scores.add(new ClassScores(label, classNames.get(label), precision, recall, f1, support));
		}
		return new Evaluation(predictions.split().split().id(), predictions.size(), ratio(correct, predictions.size()), scores,
				confusion);
	}

	private static double ratio(int numerator, int denominator) {
		return (denominator == 0) ? 0 : (double) numerator / denominator;
	}

}
