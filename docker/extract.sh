#!/bin/bash
# Lays the executable jar out as the image runs it: extracted (the application jar plus lib/, which
# starts faster than the nested jar and can use a class-data sharing archive) and ONNX Runtime's native
# libraries for this machine in DEST/native, to be loaded from there (-Donnxruntime.native.path) rather
# than unpacked into /tmp at every start. ONNX Runtime's jar carries the natives of every platform it
# supports (135 of its 139 MB); the laid-out copy keeps only its classes, so it must run with
# -Donnxruntime.native.path. Needs a JDK (java, jar). Used by the Dockerfile and bench/.
#
#   docker/extract.sh JAR DEST
set -euo pipefail
jar=$(realpath "$1") dest=$2
java -Djarmode=tools -jar "$jar" extract --destination "$dest" >/dev/null
case $(uname -m) in
	x86_64) platform=linux-x64 ;;
	aarch64) platform=linux-aarch64 ;;
	*) echo "no ONNX Runtime natives for $(uname -m)" >&2; exit 1 ;;
esac
ort_jar=$(ls "$(realpath "$dest")"/lib/onnxruntime-*.jar)
unpack=$(mktemp -d)
(cd "$unpack" && jar xf "$ort_jar")
mkdir -p "$dest/native"
mv "$unpack/ai/onnxruntime/native/$platform"/* "$dest/native/"
rm -rf "$unpack/ai/onnxruntime/native"
# Repacked as it was (its own manifest included), without the natives.
jar --create --no-manifest --file "$ort_jar" -C "$unpack" .
rm -rf "$unpack"
