/**
 * Word banks of the generated legal documents (testkit/legal-documents.ts): the subjects, bodies,
 * activities and provisions Vietnamese laws, decrees and Party documents are made of. Each law
 * draws its own subject and activity, so laws share the legal register ("theo quy định của
 * pháp luật", "có trách nhiệm") but differ in what they are about, as a real library does.
 */

/** A field a law regulates: who it is about, what they do, who manages it. */
export interface Domain {
  /** The law's name after "Luật": "Viên chức". */
  readonly name: string;
  /** Who the provisions are about: "viên chức". */
  readonly subject: string;
  /** What is done: "tuyển dụng viên chức". */
  readonly activity: string;
  /** The object the activity is about. */
  readonly object: string;
  /** The managing body. */
  readonly agency: string;
  /** Things of the field the provisions list. */
  readonly things: readonly string[];
}

export const DOMAINS: readonly Domain[] = [
  { name: 'Viên chức', subject: 'viên chức', activity: 'tuyển dụng, sử dụng viên chức', object: 'đơn vị sự nghiệp công lập', agency: 'Bộ Nội vụ', things: ['vị trí việc làm', 'hợp đồng làm việc', 'chức danh nghề nghiệp', 'đánh giá viên chức', 'đào tạo, bồi dưỡng'] },
  { name: 'Cán bộ, công chức', subject: 'cán bộ, công chức', activity: 'quản lý cán bộ, công chức', object: 'cơ quan hành chính nhà nước', agency: 'Bộ Nội vụ', things: ['ngạch công chức', 'luân chuyển cán bộ', 'kỷ luật công chức', 'tiền lương', 'chế độ công vụ'] },
  { name: 'Phòng, chống ma túy', subject: 'người sử dụng trái phép chất ma túy', activity: 'phòng, chống ma túy', object: 'chất ma túy, tiền chất', agency: 'Bộ Công an', things: ['cai nghiện ma túy', 'quản lý sau cai nghiện', 'kiểm soát tiền chất', 'xét nghiệm chất ma túy', 'cơ sở cai nghiện'] },
  { name: 'Cư trú', subject: 'công dân', activity: 'đăng ký, quản lý cư trú', object: 'nơi thường trú, nơi tạm trú', agency: 'cơ quan đăng ký cư trú', things: ['đăng ký thường trú', 'đăng ký tạm trú', 'thông báo lưu trú', 'khai báo tạm vắng', 'Cơ sở dữ liệu về cư trú'] },
  { name: 'Đất đai', subject: 'người sử dụng đất', activity: 'quản lý, sử dụng đất đai', object: 'quyền sử dụng đất', agency: 'Bộ Tài nguyên và Môi trường', things: ['quy hoạch sử dụng đất', 'giao đất, cho thuê đất', 'thu hồi đất', 'bồi thường, hỗ trợ, tái định cư', 'giá đất'] },
  { name: 'Giáo dục', subject: 'nhà giáo', activity: 'hoạt động giáo dục', object: 'cơ sở giáo dục', agency: 'Bộ Giáo dục và Đào tạo', things: ['chương trình giáo dục', 'sách giáo khoa', 'kiểm định chất lượng giáo dục', 'học phí', 'văn bằng, chứng chỉ'] },
  { name: 'Khám bệnh, chữa bệnh', subject: 'người hành nghề khám bệnh, chữa bệnh', activity: 'khám bệnh, chữa bệnh', object: 'cơ sở khám bệnh, chữa bệnh', agency: 'Bộ Y tế', things: ['giấy phép hành nghề', 'hồ sơ bệnh án', 'chuyển tuyến điều trị', 'sai sót chuyên môn', 'bảo hiểm y tế'] },
  { name: 'Bảo vệ môi trường', subject: 'cơ sở sản xuất, kinh doanh, dịch vụ', activity: 'bảo vệ môi trường', object: 'chất thải', agency: 'Bộ Tài nguyên và Môi trường', things: ['đánh giá tác động môi trường', 'giấy phép môi trường', 'quan trắc môi trường', 'chất thải rắn sinh hoạt', 'nước thải'] },
  { name: 'Phòng, chống tham nhũng', subject: 'người có chức vụ, quyền hạn', activity: 'phòng, chống tham nhũng', object: 'tài sản, thu nhập', agency: 'Thanh tra Chính phủ', things: ['kê khai tài sản, thu nhập', 'xung đột lợi ích', 'chuyển đổi vị trí công tác', 'minh bạch thông tin', 'tố giác hành vi tham nhũng'] },
  { name: 'Thanh niên', subject: 'thanh niên', activity: 'công tác thanh niên', object: 'tổ chức thanh niên', agency: 'Bộ Nội vụ', things: ['đối thoại với thanh niên', 'lập nghiệp', 'tình nguyện', 'học tập, nghiên cứu khoa học', 'văn hóa, thể thao'] },
  { name: 'Đầu tư công', subject: 'chủ đầu tư', activity: 'quản lý đầu tư công', object: 'dự án đầu tư công', agency: 'Bộ Kế hoạch và Đầu tư', things: ['chủ trương đầu tư', 'kế hoạch đầu tư công trung hạn', 'giải ngân vốn', 'giám sát đầu tư', 'quyết toán dự án'] },
  { name: 'Ngân sách nhà nước', subject: 'đơn vị dự toán ngân sách', activity: 'lập, chấp hành ngân sách', object: 'dự toán ngân sách', agency: 'Bộ Tài chính', things: ['thu ngân sách', 'chi đầu tư phát triển', 'dự phòng ngân sách', 'kết dư ngân sách', 'quyết toán ngân sách'] },
  { name: 'Tiếp công dân', subject: 'người tiếp công dân', activity: 'tiếp công dân', object: 'trụ sở tiếp công dân', agency: 'Thanh tra Chính phủ', things: ['lịch tiếp công dân', 'đơn khiếu nại, tố cáo', 'kiến nghị, phản ánh', 'sổ tiếp công dân', 'đoàn đông người'] },
  { name: 'Thi đua, khen thưởng', subject: 'cá nhân, tập thể', activity: 'thi đua, khen thưởng', object: 'danh hiệu thi đua', agency: 'Ban Thi đua - Khen thưởng Trung ương', things: ['Huân chương Lao động', 'Bằng khen', 'Chiến sĩ thi đua', 'Quỹ thi đua, khen thưởng', 'hồ sơ đề nghị khen thưởng'] },
  { name: 'Báo chí', subject: 'nhà báo', activity: 'hoạt động báo chí', object: 'cơ quan báo chí', agency: 'Bộ Thông tin và Truyền thông', things: ['giấy phép hoạt động báo chí', 'thẻ nhà báo', 'cải chính, xin lỗi', 'phát ngôn, cung cấp thông tin', 'lưu chiểu báo chí'] },
  { name: 'Thư viện', subject: 'người sử dụng thư viện', activity: 'hoạt động thư viện', object: 'tài nguyên thông tin', agency: 'Bộ Văn hóa, Thể thao và Du lịch', things: ['thư viện số', 'liên thông thư viện', 'phát triển văn hóa đọc', 'vốn tài liệu', 'thư viện lưu động'] },
  { name: 'Phòng cháy và chữa cháy', subject: 'cơ sở', activity: 'phòng cháy và chữa cháy', object: 'phương tiện phòng cháy và chữa cháy', agency: 'Bộ Công an', things: ['đội phòng cháy và chữa cháy cơ sở', 'thẩm duyệt thiết kế', 'phương án chữa cháy', 'bảo hiểm cháy, nổ', 'diễn tập chữa cháy'] },
  { name: 'Giao thông đường bộ', subject: 'người tham gia giao thông', activity: 'quản lý giao thông đường bộ', object: 'phương tiện giao thông', agency: 'Bộ Giao thông vận tải', things: ['giấy phép lái xe', 'đăng kiểm phương tiện', 'kết cấu hạ tầng giao thông', 'tốc độ và khoảng cách', 'vận tải hành khách'] },
  { name: 'Di sản văn hóa', subject: 'chủ sở hữu di sản', activity: 'bảo vệ và phát huy di sản văn hóa', object: 'di tích lịch sử - văn hóa', agency: 'Bộ Văn hóa, Thể thao và Du lịch', things: ['xếp hạng di tích', 'bảo vật quốc gia', 'tu bổ, phục hồi di tích', 'di sản văn hóa phi vật thể', 'bảo tàng'] },
  { name: 'Khiếu nại', subject: 'người khiếu nại', activity: 'giải quyết khiếu nại', object: 'quyết định hành chính', agency: 'Thanh tra Chính phủ', things: ['thời hiệu khiếu nại', 'thụ lý giải quyết', 'đối thoại', 'quyết định giải quyết khiếu nại', 'rút khiếu nại'] },
];

/** Article titles; {s} subject, {a} activity, {o} object, {g} agency, {t} a thing of the field. */
export const ARTICLE_TITLES: readonly string[] = [
  'Quyền của {s}',
  'Nghĩa vụ của {s}',
  'Các hành vi bị nghiêm cấm trong {a}',
  'Trách nhiệm của {g}',
  'Trách nhiệm của Ủy ban nhân dân các cấp',
  'Nguyên tắc {a}',
  'Chính sách của Nhà nước về {a}',
  'Hồ sơ, thủ tục về {t}',
  'Điều kiện đối với {t}',
  'Thẩm quyền quyết định {t}',
  'Quản lý nhà nước về {t}',
  'Kinh phí cho {t}',
  'Thanh tra, kiểm tra {a}',
  'Xử lý vi phạm về {t}',
  'Hợp tác quốc tế về {a}',
  'Thông tin, báo cáo về {t}',
  'Đối tượng áp dụng {t}',
  'Trình tự thực hiện {t}',
];

/** Provisions (khoản and điểm). */
export const PROVISIONS: readonly string[] = [
  '{S} có trách nhiệm thực hiện {t} theo quy định của pháp luật.',
  'Nhà nước bảo đảm nguồn lực cho {t} tại vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn.',
  '{G} chủ trì, phối hợp với các bộ, ngành hướng dẫn {t}.',
  'Hồ sơ đề nghị về {t} gồm đơn đề nghị, bản sao giấy tờ chứng minh và các tài liệu có liên quan.',
  'Trong thời hạn {n} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, cơ quan có thẩm quyền phải giải quyết {t}.',
  'Nghiêm cấm lợi dụng {t} để xâm phạm lợi ích của Nhà nước, quyền và lợi ích hợp pháp của tổ chức, cá nhân.',
  '{S} được hưởng chế độ, chính sách khi tham gia {t}.',
  'Việc {t} phải bảo đảm công khai, minh bạch, đúng thẩm quyền và thời hạn.',
  'Ủy ban nhân dân cấp tỉnh bố trí kinh phí cho {t} từ ngân sách địa phương.',
  'Tổ chức, cá nhân vi phạm quy định về {t} thì tùy theo tính chất, mức độ vi phạm mà bị xử lý kỷ luật, xử phạt vi phạm hành chính hoặc bị truy cứu trách nhiệm hình sự.',
  'Chính phủ quy định chi tiết về {t} tại {o}.',
  'Định kỳ {n} tháng, {g} tổng hợp, báo cáo Chính phủ kết quả thực hiện {t}.',
  '{S} có quyền khiếu nại, tố cáo hành vi vi phạm pháp luật về {t}.',
  'Cơ quan, tổ chức quản lý {o} có trách nhiệm lưu trữ hồ sơ về {t} trong thời hạn {n} năm.',
  'Việc kiểm tra {t} được thực hiện định kỳ hoặc đột xuất theo kế hoạch được phê duyệt.',
  'Khuyến khích tổ chức, cá nhân đóng góp, tài trợ cho {t} theo quy định của pháp luật.',
  'Người đứng đầu {o} chịu trách nhiệm trước pháp luật về {t} tại đơn vị mình.',
  'Mức thu, chế độ thu, nộp, quản lý và sử dụng phí đối với {t} thực hiện theo quy định của pháp luật về phí và lệ phí.',
  'Thông tin về {t} được cập nhật vào cơ sở dữ liệu quốc gia trong thời hạn {n} ngày.',
  'Trường hợp từ chối {t} thì phải trả lời bằng văn bản và nêu rõ lý do.',
];

/** Lead-ins of a khoản whose điểm follow. */
export const LEAD_INS: readonly string[] = [
  '{S} có các quyền sau đây:',
  '{S} có các nghĩa vụ sau đây:',
  'Nghiêm cấm các hành vi sau đây:',
  '{G} có trách nhiệm sau đây:',
  'Hồ sơ gồm có:',
  'Việc {t} phải đáp ứng các điều kiện sau đây:',
];

/** Điểm under a lead-in. */
export const POINTS: readonly string[] = [
  'được đào tạo, bồi dưỡng nâng cao trình độ về {t}',
  'được cung cấp thông tin liên quan đến {t}',
  'chấp hành quyết định của cơ quan có thẩm quyền về {t}',
  'bảo vệ bí mật nhà nước trong {t}',
  'cản trở việc thực hiện {t}',
  'làm giả hồ sơ, giấy tờ về {t}',
  'hướng dẫn, kiểm tra việc thực hiện {t}',
  'tổ chức tuyên truyền, phổ biến pháp luật về {t}',
  'đơn đề nghị theo mẫu về {t}',
  'bản sao giấy tờ chứng minh đủ điều kiện về {t}',
  'có cơ sở vật chất, trang thiết bị phù hợp với {t}',
  'có đội ngũ nhân lực đáp ứng yêu cầu của {t}',
];

export const CHAPTER_TITLES: readonly string[] = [
  'NHỮNG QUY ĐỊNH CHUNG',
  'QUYỀN VÀ NGHĨA VỤ',
  'QUẢN LÝ {T}',
  'TỔ CHỨC THỰC HIỆN {T}',
  'THANH TRA, KIỂM TRA VÀ XỬ LÝ VI PHẠM',
  'TRÁCH NHIỆM CỦA CƠ QUAN, TỔ CHỨC',
  'ĐIỀU KHOẢN THI HÀNH',
];

/** Extra names for a library of more than DOMAINS.length laws: "Quản lý {x}" laws. */
export const MANAGED_THINGS: readonly string[] = [
  'thuế', 'nợ công', 'tài sản công', 'vật tư nông nghiệp', 'giống cây trồng', 'chăn nuôi', 'thủy sản', 'lâm nghiệp',
  'đê điều', 'tài nguyên nước', 'khoáng sản', 'năng lượng nguyên tử', 'điện lực', 'đo lường', 'chất lượng sản phẩm',
  'an toàn thực phẩm', 'dược', 'quảng cáo', 'xuất bản', 'điện ảnh', 'du lịch', 'thể dục, thể thao', 'nhà ở',
  'kinh doanh bất động sản', 'xây dựng', 'quy hoạch đô thị', 'đường sắt', 'hàng không dân dụng', 'hàng hải',
  'bưu chính', 'viễn thông', 'giao dịch điện tử', 'an ninh mạng', 'công nghệ thông tin', 'sở hữu trí tuệ',
  'chuyển giao công nghệ', 'khoa học và công nghệ', 'hợp tác xã', 'doanh nghiệp', 'đầu tư', 'đấu thầu', 'kế toán',
  'kiểm toán độc lập', 'thống kê', 'lưu trữ', 'dân quân tự vệ', 'nghĩa vụ quân sự', 'biên giới quốc gia',
  'xuất cảnh, nhập cảnh', 'quốc tịch', 'hộ tịch', 'căn cước', 'trẻ em', 'người cao tuổi', 'người khuyết tật',
  'bình đẳng giới', 'phòng, chống bạo lực gia đình', 'hòa giải ở cơ sở', 'trợ giúp pháp lý', 'luật sư', 'công chứng',
  'thi hành án dân sự', 'đặc xá', 'tín ngưỡng, tôn giáo', 'dân số', 'việc làm', 'bảo hiểm xã hội', 'an toàn, vệ sinh lao động',
  'giáo dục nghề nghiệp', 'giáo dục đại học', 'phổ biến, giáo dục pháp luật', 'phòng, chống thiên tai', 'khí tượng thủy văn',
  'đa dạng sinh học', 'trồng trọt', 'thú y', 'bảo vệ và kiểm dịch thực vật', 'tiêu chuẩn và quy chuẩn kỹ thuật',
  'cạnh tranh', 'bảo vệ quyền lợi người tiêu dùng', 'quản lý ngoại thương', 'hải quan', 'phòng, chống rửa tiền',
  'các tổ chức tín dụng', 'ngân hàng nhà nước', 'chứng khoán', 'kinh doanh bảo hiểm', 'giá', 'phí và lệ phí',
  'thực hành tiết kiệm, chống lãng phí', 'quản lý, sử dụng vũ khí', 'cảnh vệ', 'công an xã', 'tình trạng khẩn cấp',
  'hoạt động giám sát của Quốc hội', 'tổ chức chính quyền địa phương', 'ban hành văn bản quy phạm pháp luật',
  'điều ước quốc tế', 'cơ quan đại diện ở nước ngoài', 'người Việt Nam ở nước ngoài', 'thanh tra', 'tố tụng hành chính',
];

export const SIGNERS: readonly string[] = [
  'Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Minh Đức', 'Vũ Thị Hạnh', 'Đặng Quốc Hùng',
  'Bùi Thanh Lâm', 'Hoàng Xuân Mai', 'Đỗ Trọng Nghĩa', 'Ngô Thị Phương',
];

export const PLACES: readonly string[] = ['Hà Nội', 'Hậu Giang', 'Cần Thơ', 'Đà Nẵng', 'Thành phố Hồ Chí Minh'];
