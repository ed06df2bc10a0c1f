/** 内置简体中文通知。 */
import type { LanguagePack } from './types';

const header = `{{date}}
致：{{platform}} 举报与侵权处理团队
发件方：{{centre.name}}
通知编号：**{{reference}}**`;

const closing = `本通知系善意提出，据我们所知，其中所载信息真实准确。如处理本通知需要更多信息，请通过以下联系方式与我们联系。请勿直接联系当事人。

{{centre.signatory}}
**{{centre.name}}**
{{centre.address}}
电子邮件：{{centre.email}}
电话：{{centre.phone}}
网站：{{centre.website}}`;

export const zh: LanguagePack = {
  ncii: {
    subject: '删除请求：{{host}} 上未经同意的私密影像（{{reference}}）',
    body: `# 关于删除未经同意的私密影像的通知

${header}

本机构是为数字性犯罪受害者提供支持的机构，现代表我们所支持的当事人提出删除请求。下列 {{count}} 个网址中的内容，是未经当事人同意而拍摄或发布的私密影像（未经同意的私密影像，NCII）。在包括韩国在内的许多国家和地区，传播此类影像均属违法行为，也违反绝大多数网络服务的用户协议。

我们请求贵方：

- 立即删除下列所有网址中的内容或屏蔽对其的访问，最迟不超过收到本通知后 {{serviceLevelHours}} 小时；
- 利用下列哈希值等手段，防止相同影像被再次上传；
- 处理完毕后，注明通知编号并将处理结果告知我们。

为保护当事人，本通知既不包含当事人的身份信息，也不附带影像本身。每一项均以网页地址和首次发现时间标识，网页上的每个文件以其所附的值标识：图像以网址、SHA-256 值以及感知哈希（PDQ、blockhash）标识，可用于查找相同或相似的副本；视频以网址、SHA-256 值以及匹配的时间段（分:秒）标识，没有感知哈希。

## 需删除的内容

{{items}}

{{evidence}}

${closing}`,
  },
  copyright: {
    subject: '著作权侵权通知：{{host}}（{{reference}}）',
    body: `# 著作权侵权通知

${header}

我们代表下列照片和视频的著作权人。下列 {{count}} 个网址中的复制品未经著作权人许可而被复制并向公众传播，侵犯了著作权人的权利。我们依据适用法律以及贵方服务的侵权通知程序，发出本通知。

**作品。** 由著作权人创作并享有权利的照片和视频。为保护著作权人的隐私，本通知不附原件；每一件复制品均以网址、首次发现时间以及 SHA-256 值在下文中标识，图像另以感知哈希（PDQ、blockhash）标识，视频另以复制作品的时间段标识。

**请求。** 请立即删除下列所有网址中的侵权内容或屏蔽对其的访问，最迟不超过 {{serviceLevelHours}} 小时，防止其再次上传，并在处理完毕后注明通知编号告知我们处理结果。

## 侵权内容

{{items}}

{{evidence}}

**声明。** 我们善意地相信，上述内容的使用未经著作权人、其代理人或法律的许可。本通知所载信息准确无误，且我们有权代表相关权利人行事。

${closing}`,
  },
  labels: {
    page: '网页地址',
    firstSeen: '首次发现',
    image: '图像地址',
    video: '视频地址',
    timeRanges: '匹配的时间段（视频内）',
    sha256: 'SHA-256',
    pdq: 'PDQ',
    blockhash: 'Blockhash',
    evidence: '证据截图（已模糊处理）',
    evidenceNote: '图像经过刻意模糊处理，仅用于证明内容存在，不显示其具体内容。',
    matchedPicture: '匹配的图像',
    pageScreenshot: '页面截图',
    noHash: '未记录',
    item: '项目',
  },
};
