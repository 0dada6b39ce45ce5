import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef6ff", 100: "#d9eaff", 600: "#1d5fbf", 700: "#174c99", 800: "#123a75" },
      },
    },
  },
  plugins: [],
} satisfies Config;
