/* Entry points only; nothing to import. */
