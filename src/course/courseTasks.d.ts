/**
 * The course's own tasks (course.config.ts `tasks`), served by src/course/courseTasksPlugin.ts:
 * imported only for its side effect, which registers them.
 */
declare module 'virtual:course-tasks' {}
