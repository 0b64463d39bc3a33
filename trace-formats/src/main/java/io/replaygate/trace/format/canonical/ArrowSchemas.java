package io.replaygate.trace.format.canonical;

import static io.replaygate.trace.format.canonical.CanonicalSchema.*;

import io.replaygate.trace.TraceMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The canonical schema in Arrow terms; trace metadata travels in the schema's custom metadata. */
final class ArrowSchemas {
  static final ArrowType INT64 = new ArrowType.Int(64, true);
  static final ArrowType INT32 = new ArrowType.Int(32, true);
  static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

  private ArrowSchemas() {}

  static Schema schema(TraceMetadata metadata) {
    List<Field> fields = new ArrayList<>();
    for (int column = 0; column < COLUMNS.size(); column++) {
      String name = COLUMNS.get(column);
      boolean nullable = !REQUIRED.contains(name);
      fields.add(switch (RecordBuilder.kindOf(column)) {
        case INT64 -> new Field(name, new FieldType(nullable, INT64, null), null);
        case INT32 -> new Field(name, new FieldType(nullable, INT32, null), null);
        case FLOAT32 -> new Field(name, new FieldType(nullable, FLOAT32, null), null);
        case STRING -> new Field(name, new FieldType(nullable, ArrowType.Utf8.INSTANCE, null), null);
        case INT64_LIST -> new Field(name, new FieldType(true, ArrowType.List.INSTANCE, null),
            List.of(new Field("element", new FieldType(false, INT64, null), null)));
      });
    }
    Map<String, String> custom = new LinkedHashMap<>();
    metadata.toProperties().forEach((k, v) -> custom.put(KEY_PREFIX + k, v));
    return new Schema(fields, custom);
  }
}
