package io.cdckit.smt.routing.expr;

/**
 * A method or property name that the expression computes ({@code value."${x}"}) rather than
 * writes: it may be a value of the record, so a failure that involves it names it "a computed name".
 */
final class ComputedName {

    final String name;

    ComputedName(String name) {
        this.name = name;
    }

    /** {@code e} as it is, or with this name withheld from its message. */
    RuntimeException withheld(ExpressionScript s, RuntimeException e) {
        String m = e.getMessage();
        if (m == null || name.isEmpty() || !m.contains(name)) {
            return e;
        }
        String safe = m.replace("'" + name + "'", "a computed name").replace(name, "<a computed name>");
        ExpressionException w = new ExpressionException(safe, null,
                e instanceof ExpressionException x && x.bySandbox());
        if (s.violation == e) {
            s.violation = w;
        }
        return w;
    }

    @Override
    public String toString() {
        return "a computed name";
    }
}
