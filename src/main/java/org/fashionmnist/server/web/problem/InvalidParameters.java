package org.fashionmnist.server.web.problem;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.fashionmnist.server.web.problem.Problems.ParameterError;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What is wrong with each parameter, in the API's words, however Spring MVC found it: a value it could not
 * convert, a value out of range, a parameter bound alone or as a component of a query object (a record such
 * as {@code BatchQuery}). Values are quoted as the request wrote them.
 */
final class InvalidParameters {

	private InvalidParameters() {
	}

	/** Values out of range, of parameters bound alone and of query objects, in the handler's order. */
	static List<ParameterError> of(HandlerMethodValidationException ex) {
		List<ParameterError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors query) {
				errors.addAll(outOfRange(query.getFieldErrors(), result.getMethodParameter().getParameterType()));
				continue;
			}
			String parameter = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(new ParameterError(parameter, error.getDefaultMessage() + ", found " + result.getArgument()));
			}
		}
		return errors;
	}

	/**
	 * The parameters of a query object: a value that cannot be read is reported alone, as for parameters bound
	 * one by one (the range it should be within means nothing yet); else every value out of range, in the
	 * record's order.
	 */
	static List<ParameterError> of(MethodArgumentNotValidException ex) {
		Class<?> query = ex.getParameter().getParameterType();
		List<FieldError> unreadable = ex.getFieldErrors().stream().filter((error) -> error.contains(TypeMismatchException.class)).toList();
		if (unreadable.isEmpty()) {
			return outOfRange(ex.getFieldErrors(), query);
		}
		FieldError first = unreadable.stream().min(inDeclarationOrder(query)).orElseThrow();
		TypeMismatchException mismatch = first.unwrap(TypeMismatchException.class);
		Class<?> type = mismatch.getRequiredType();
		String expected = (type != null && Collection.class.isAssignableFrom(type))
				? describeElements(ResolvableType.forField(ReflectionUtils.findField(query, first.getField())).asCollection().resolveGeneric(0))
				: describe(mismatch, type);
		return List.of(new ParameterError(first.getField(), "must be " + expected + ", found '" + asWritten(mismatch.getValue()) + "'"));
	}

	/** A parameter bound alone whose value could not be converted. */
	static ParameterError of(TypeMismatchException ex) {
		String parameter = ex.getPropertyName() != null ? ex.getPropertyName() : "value";
		Class<?> type = ex.getRequiredType();
		String expected = (ex instanceof MethodArgumentTypeMismatchException mismatch && type != null
				&& Collection.class.isAssignableFrom(type))
						? describeElements(ResolvableType.forMethodParameter(mismatch.getParameter()).asCollection().resolveGeneric(0))
						: describe(ex, type);
		return new ParameterError(parameter, "must be " + expected + ", found '" + asWritten(ex.getValue()) + "'");
	}

	/** Values of a query object out of range, in the order of its components; an element of a list as the list. */
	private static List<ParameterError> outOfRange(List<FieldError> errors, Class<?> query) {
		return errors.stream()
			.sorted(inDeclarationOrder(query))
			.map((error) -> new ParameterError(parameterOf(error), error.getDefaultMessage() + ", found " + error.getRejectedValue()))
			.toList();
	}

	private static Comparator<FieldError> inDeclarationOrder(Class<?> query) {
		List<String> names = query.isRecord() ? Arrays.stream(query.getRecordComponents()).map(RecordComponent::getName).toList()
				: List.of();
		return Comparator.comparingInt((error) -> names.indexOf(parameterOf(error)));
	}

	/** The parameter of a field error: {@code label} for {@code label[1]}. */
	private static String parameterOf(FieldError error) {
		String field = error.getField();
		int bracket = field.indexOf('[');
		return (bracket < 0) ? field : field.substring(0, bracket);
	}

	/** A value as the request wrote it: a parameter given several times arrives as an array. */
	private static String asWritten(@Nullable Object value) {
		return (value instanceof Object[] values) ? String.join("', '", Arrays.stream(values).map(String::valueOf).toList())
				: String.valueOf(value);
	}

	/**
	 * What a value must be: as the converter that refused it says ({@link InvalidValueException}), else as
	 * its type says.
	 */
	private static String describe(Throwable ex, @Nullable Class<?> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidValueException invalid) {
				return invalid.expected();
			}
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type != null && type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT);
		}
		return "a valid value";
	}

	/** What a list parameter's values must be: given comma-separated, or with the parameter repeated. */
	private static String describeElements(@Nullable Class<?> element) {
		String values = (element == Integer.class || element == Long.class) ? "decimal integers" : "valid values";
		return values + ", comma-separated or with the parameter repeated";
	}

}
