package io.cdckit.smt.routing.expr;

import org.codehaus.groovy.ast.ASTNode;

/**
 * What the compile-time checks refuse in an expression, with where it is; {@link ExpressionCompiler}
 * turns it into the ConfigException of the key the expression came from.
 */
final class Refused extends RuntimeException {

    Refused(String construct, ASTNode where) {
        super("the sandbox refuses " + construct + at(where), null, false, false);
    }

    private static String at(ASTNode node) {
        return node == null || node.getLineNumber() < 1 ? ""
                : " (line " + node.getLineNumber() + ", column " + node.getColumnNumber() + ")";
    }
}
