package io.cdckit.converters.avro;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;

/** Three versions of an orders row schema for converter tests: v1, a compatible v2, an incompatible one. */
public final class OrderSchemas {

    private OrderSchemas() {
    }

    public static final Schema V1 = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    /** compatible: adds an optional column */
    public static final Schema V2 = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("coupon", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    /** incompatible: narrows id, adds a required column */
    public static final Schema BAD = SchemaBuilder.struct().name("shop.orders.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("region", Schema.STRING_SCHEMA)
            .build();

    public static Struct v1(long id) {
        return new Struct(V1).put("id", id).put("amount", new BigDecimal("12.50")).put("note", "n" + id);
    }
}
