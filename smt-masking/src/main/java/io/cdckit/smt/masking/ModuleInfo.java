package io.cdckit.smt.masking;

/** Placeholder so the module compiles while its transforms are written. */
final class ModuleInfo {
    private ModuleInfo() {
    }
}
