export const courses = {
  "courses.title": { zh: "课程目录", en: "Course catalogue" },
} as const;
