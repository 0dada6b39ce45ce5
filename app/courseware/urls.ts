/** Public URLs of courseware pages and files; the one place they are spelled. */
export function courseUrl(courseSlug: string): string {
  return `/courses/${courseSlug}`;
}

export function lessonUrl(courseSlug: string, lessonSlug: string): string {
  return `/courses/${courseSlug}/${lessonSlug}`;
}

export function lessonAssetUrl(courseSlug: string, lessonSlug: string, file: string): string {
  return `/lesson-assets/${courseSlug}/${lessonSlug}/${file}`;
}

export function lessonHtmlUrl(key: string): string {
  return `/lesson-html/${key}`;
}

/** The id of a quiz's title on the lesson page: `#qz-<quiz id>` jumps to the quiz. */
export function quizAnchor(quizId: string): string {
  return `qz-${quizId}`;
}

/** Folder names double as URL segments, so they stay plain. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
