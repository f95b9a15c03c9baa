import { type Actor, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';
import type { AttachmentRow } from './files.repo.ts';

export const FilesErrors = defineErrors({
  ATTACHMENT_NOT_FOUND: { status: 404, 'zh-CN': '未找到附件 {id}', 'en-US': 'Attachment {id} not found' },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    'zh-CN':
      '不支持的附件类型({detected}):只能上传照片(JPEG、PNG、WebP、HEIC)、PDF、Word(docx)、Excel(xlsx)、MP4 视频或音频(MP3、M4A)',
    'en-US':
      'This kind of file is not accepted ({detected}): upload a photo (JPEG, PNG, WebP, HEIC), a PDF, a Word (docx) or Excel (xlsx) document, an MP4 video or audio (MP3, M4A)',
  },
  ATTACHMENT_NOT_MULTIPART: {
    status: 415,
    'zh-CN': '请以 multipart/form-data 格式上传,文件放在名为 file 的字段中',
    'en-US': 'Send the upload as multipart/form-data with the file in a part named file',
  },
  ATTACHMENT_FILE_MISSING: {
    status: 400,
    'zh-CN': '请求中没有文件:请在名为 file 的字段中上传一个文件',
    'en-US': 'No file in the request: put one file in a part named file',
  },
  ATTACHMENT_TOO_MANY_FILES: {
    status: 400,
    'zh-CN': '一次只能上传一个文件',
    'en-US': 'Upload one file per request',
  },
  ATTACHMENT_UNEXPECTED_PART: {
    status: 400,
    'zh-CN': '无法识别的表单字段 {name}:只接受 file 和 ownerDivision',
    'en-US': 'Unexpected form field {name}: only file and ownerDivision are accepted',
  },
  ATTACHMENT_EMPTY: { status: 400, 'zh-CN': '上传的文件是空的', 'en-US': 'The uploaded file is empty' },
  ATTACHMENT_IMAGE_UNREADABLE: {
    status: 422,
    'zh-CN': '图片已损坏或无法读取,请重新拍摄或选择其他图片',
    'en-US': 'The image is damaged or cannot be read; take or choose another picture',
  },
  ATTACHMENT_NO_THUMBNAIL: {
    status: 404,
    'zh-CN': '附件 {id} 没有缩略图(只有能识别的图片才有)',
    'en-US': 'Attachment {id} has no thumbnail (only readable images have one)',
  },
  ATTACHMENT_NO_PUBLIC_COPY: {
    status: 404,
    'zh-CN': '附件 {id} 没有可公开的副本(只有能识别的图片才有)',
    'en-US': 'Attachment {id} has no public copy (only readable images have one)',
  },
  ATTACHMENT_RANGE_NOT_SATISFIABLE: {
    status: 416,
    'zh-CN': '请求的字节范围超出了文件大小({size} 字节)',
    'en-US': 'The requested byte range lies outside the content ({size} bytes)',
  },
});

/**
 * Attachments belong to a division like every business row: uploading needs `files.upload` and a
 * division in the caller's scope; reading any variant needs `files.read` and the row in scope. Pages
 * for the public (later issues) decide themselves what to publish and show only the public copy.
 */
export const filesPolicy = {
  upload(actor: Actor): void {
    requirePermission(actor, 'files.upload');
  },
  place(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'files.upload');
    requireScope(actor, ownerDivision);
  },
  read(actor: Actor, row: AttachmentRow): void {
    requirePermission(actor, 'files.read');
    requireScope(actor, row.ownerDivision);
  },
};
