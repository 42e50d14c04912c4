// @ts-check
// The TypeScript lint `npm run lint` runs (with Prettier's check): typescript-eslint's recommended rules.
import tseslint from "typescript-eslint";

export default tseslint.config({ ignores: ["node_modules/", "vectors/", "tmp/", "data/", "coverage/"] }, ...tseslint.configs.recommended, {
  rules: {
    "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
  },
});
