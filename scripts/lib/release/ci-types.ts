import type * as ci from 'miniprogram-ci'

/** miniprogram-ci's own option and result types, taken from its functions so they track its .d.ts. */
export type UploadOptions = Parameters<typeof ci.upload>[0]
export type UploadResult = Awaited<ReturnType<typeof ci.upload>>
export type PreviewOptions = Parameters<typeof ci.preview>[0]
export type PreviewResult = Awaited<ReturnType<typeof ci.preview>>
export type CreateProjectOptions = ConstructorParameters<typeof ci.Project>[0]
export type CiProject = UploadOptions['project']
export type ProgressUpdate = NonNullable<UploadOptions['onProgressUpdate']>
export type TaskStatus = Exclude<Parameters<ProgressUpdate>[0], string>
export type SubPackageInfo = NonNullable<UploadResult['subPackageInfo']>
