"""Realistic Vietnamese content for demo networks: sub-units, people and models in all
four fields, written the way commune offices write them."""

from __future__ import annotations

# Ninh Bình (code 37) before the 2025 reform: districts and the present-day communes
# that lie in them. Used for three-tier ("ba cấp") demo networks.
NINH_BINH_DISTRICTS: dict[str, tuple[str, list[str]]] = {
    "yen_mo": ("Huyện Yên Mô", ["14701", "14725", "14728", "14743", "14746"]),
    "kim_son": ("Huyện Kim Sơn", ["14620", "14623", "14638", "14647", "14653", "14674",
                                  "14677", "14698"]),
    "yen_khanh": ("Huyện Yên Khánh", ["14560", "14563", "14608", "14611", "14614"]),
    "gia_vien": ("Huyện Gia Viễn", ["14464", "14482", "14488", "14494", "14500", "14524"]),
    "nho_quan": ("Huyện Nho Quan", ["14389", "14401", "14404", "14407", "14428", "14434",
                                    "14452", "14458"]),
}
PROVINCE_CODE = "37"

VILLAGES = ["Đông", "Đoài", "Trung", "Thượng", "Hạ", "Bắc", "Nam", "Tiền", "Hậu", "Phú Lộc",
            "Yên Bình", "Tân Thành", "Đồng Tâm", "Quyết Thắng", "Đại Đồng", "Phúc Lai"]

# (type, name template); {v} is a village name, {c} the commune's bare name.
SUBUNITS_PER_VILLAGE = [
    ("thon", "Thôn {v}"),
    ("chi_bo", "Chi bộ thôn {v}"),
    ("chi_hoi", "Chi hội Phụ nữ thôn {v}"),
    ("chi_hoi", "Chi hội Nông dân thôn {v}"),
    ("chi_hoi", "Chi hội Cựu chiến binh thôn {v}"),
    ("chi_doan", "Chi đoàn thôn {v}"),
    ("ban_cong_tac_mat_tran", "Ban công tác Mặt trận thôn {v}"),
]
SUBUNITS_PER_WARD_GROUP = [
    ("to_dan_pho", "Tổ dân phố số {n}"),
    ("chi_bo", "Chi bộ tổ dân phố số {n}"),
    ("chi_hoi", "Chi hội Phụ nữ tổ dân phố số {n}"),
]
COMMUNE_BODIES = [
    ("truong_hoc", "Trường Trung học cơ sở {c}"),
    ("truong_hoc", "Trường Mầm non {c}"),
    ("co_quan", "Trạm Y tế {c}"),
    ("luc_luong_vu_trang", "Công an {kind} {c}"),
    ("luc_luong_vu_trang", "Ban Chỉ huy Quân sự {kind} {c}"),
    ("to_chuc_cap_xa", "Hội Liên hiệp Phụ nữ {kind} {c}"),
    ("to_chuc_cap_xa", "Đoàn Thanh niên {kind} {c}"),
    ("to_chuc_cap_xa", "Ủy ban Mặt trận Tổ quốc Việt Nam {kind} {c}"),
    ("doanh_nghiep", "Hợp tác xã dịch vụ nông nghiệp {c}"),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Đinh",
          "Mai", "Trịnh", "Lương", "Phan", "Tạ"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Công", "Ngọc"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Thúy"]
GIVEN_MALE = ["Hùng", "Dũng", "Thắng", "Tuấn", "Bình", "Cường", "Hải", "Long", "Sơn", "Toàn",
              "Khải", "Nghĩa", "Lộc", "Phúc", "Quyết"]
GIVEN_FEMALE = ["Hoa", "Lan", "Hương", "Nga", "Thảo", "Hà", "Huyền", "Liên", "Mai", "Yến",
                "Nhung", "Hạnh", "Duyên", "Thủy", "Vân"]
POSITIONS = ["Bí thư chi bộ thôn", "Trưởng thôn", "Chi hội trưởng Chi hội Phụ nữ",
             "Chi hội trưởng Chi hội Nông dân", "Công an viên", "Giáo viên",
             "Cựu chiến binh", "Y sĩ Trạm Y tế", "Bí thư Chi đoàn", "Trưởng Ban công tác Mặt trận",
             "Chủ nhiệm Hợp tác xã", "Người có uy tín trong cộng đồng"]

# Per field: (model name, situation, goals, content and methods, target group, outputs,
# [(indicator, target, unit)]).
MODELS: dict[int, list[tuple[str, str, str, str, str, str, list[tuple[str, float, str]]]]] = {
    1: [
        ("Dân vận khéo trong vận động nhân dân hiến đất mở rộng đường giao thông nông thôn",
         "Nhiều tuyến đường liên thôn nhỏ hẹp, xuống cấp, xe cứu thương và xe chở nông sản "
         "không vào được; một số hộ còn băn khoăn khi hiến đất.",
         "Vận động 100% hộ có đất liền kề hiến đất, tự tháo dỡ công trình; hoàn thành mở rộng "
         "tuyến đường trục thôn trong năm.",
         "Chi bộ ra nghị quyết chuyên đề; cán bộ, đảng viên gương mẫu hiến đất trước; tổ chức "
         "họp dân công khai phương án; gặp gỡ từng hộ còn vướng mắc; biểu dương hộ tiêu biểu "
         "trên loa truyền thanh.",
         "Các hộ dân có đất dọc tuyến đường", "Biên bản hiến đất; tuyến đường hoàn thành",
         [("Số hộ hiến đất", 45, "hộ"), ("Diện tích đất hiến", 1200, "m²"),
          ("Chiều dài đường được mở rộng", 1.8, "km")]),
        ("Tổ hợp tác trồng rau an toàn theo hướng hữu cơ",
         "Sản xuất rau manh mún, lạm dụng thuốc bảo vệ thực vật, giá bán thấp và bấp bênh.",
         "Hình thành vùng rau an toàn tập trung, liên kết tiêu thụ ổn định với bếp ăn trường học "
         "và siêu thị.",
         "Vận động hội viên góp đất, góp vốn thành lập tổ hợp tác; phối hợp trung tâm khuyến "
         "nông tập huấn quy trình VietGAP; ký hợp đồng bao tiêu sản phẩm.",
         "Hội viên nông dân, phụ nữ trồng rau", "Giấy chứng nhận VietGAP; hợp đồng tiêu thụ",
         [("Diện tích rau an toàn", 5, "ha"), ("Số hộ tham gia", 32, "hộ"),
          ("Thu nhập tăng thêm bình quân", 15, "%")]),
        ("Vận động hội viên phụ nữ phát triển kinh tế hộ gia đình, giảm nghèo bền vững",
         "Thôn còn nhiều hộ nghèo, cận nghèo là phụ nữ đơn thân, thiếu vốn và kinh nghiệm.",
         "Giúp các hộ phụ nữ nghèo có sinh kế ổn định, thoát nghèo bền vững.",
         "Thành lập tổ tiết kiệm và vay vốn; hội viên khá giúp hội viên nghèo con giống, ngày "
         "công; phân công cán bộ hội theo dõi từng hộ.",
         "Hội viên phụ nữ thuộc hộ nghèo, cận nghèo", "Danh sách hộ thoát nghèo được xác nhận",
         [("Số hộ được giúp đỡ", 12, "hộ"), ("Số hộ thoát nghèo", 6, "hộ"),
          ("Vốn quay vòng", 150_000_000, "đồng")]),
        ("Vận động nhân dân dồn điền đổi thửa, tích tụ ruộng đất sản xuất hàng hóa",
         "Ruộng đất manh mún, bình quân mỗi hộ 6-7 thửa, khó cơ giới hóa.",
         "Mỗi hộ còn bình quân không quá 2 thửa; hình thành cánh đồng lớn.",
         "Công khai phương án dồn đổi; tổ chức bốc thăm minh bạch; hòa giải kịp thời vướng mắc "
         "giữa các hộ; huy động nhân dân đóng góp ngày công làm giao thông, thủy lợi nội đồng.",
         "Các hộ có ruộng sản xuất nông nghiệp", "Bản đồ giao ruộng mới; biên bản nghiệm thu",
         [("Diện tích dồn đổi", 60, "ha"), ("Số thửa bình quân mỗi hộ", 2, "thửa")]),
        ("Dân vận khéo trong giải phóng mặt bằng dự án đường bộ ven biển",
         "Dự án đi qua địa bàn, nhiều hộ chưa đồng thuận về giá bồi thường và tái định cư.",
         "Bàn giao mặt bằng đúng tiến độ, không phát sinh khiếu kiện đông người.",
         "Tổ công tác gồm cán bộ Mặt trận, đoàn thể, người có uy tín đến từng hộ; đối thoại "
         "công khai; giải quyết kịp thời kiến nghị chính đáng.",
         "Các hộ bị ảnh hưởng bởi dự án", "Biên bản bàn giao mặt bằng",
         [("Số hộ bàn giao mặt bằng", 86, "hộ"), ("Tỷ lệ bàn giao đúng hạn", 100, "%")]),
        ("Hỗ trợ thanh niên khởi nghiệp, lập nghiệp tại quê hương",
         "Nhiều thanh niên đi làm ăn xa, thiếu vốn và kỹ năng để lập nghiệp tại địa phương.",
         "Hỗ trợ thanh niên xây dựng dự án khởi nghiệp gắn với sản phẩm địa phương.",
         "Tổ chức diễn đàn khởi nghiệp; kết nối vốn vay ưu đãi; hướng dẫn bán hàng trên mạng.",
         "Đoàn viên, thanh niên trong độ tuổi lao động", "Danh sách dự án được hỗ trợ",
         [("Số dự án khởi nghiệp", 5, "dự án"), ("Số việc làm mới", 20, "người")]),
    ],
    2: [
        ("Thực hiện nếp sống văn minh trong việc cưới, việc tang",
         "Việc cưới, việc tang còn rườm rà, tốn kém; rải vàng mã trên đường gây ô nhiễm.",
         "100% đám cưới, đám tang thực hiện đúng quy ước; xóa bỏ rải vàng mã.",
         "Đưa nội dung vào hương ước thôn; ban tang lễ thôn vận động từng gia đình; cán bộ, đảng "
         "viên gương mẫu thực hiện trước.",
         "Các hộ gia đình trong thôn", "Quy ước thôn; sổ theo dõi việc cưới, việc tang",
         [("Tỷ lệ đám cưới thực hiện nếp sống văn minh", 100, "%"),
          ("Tỷ lệ đám tang không rải vàng mã", 100, "%")]),
        ("Phân loại rác thải sinh hoạt tại nguồn",
         "Rác thải sinh hoạt tăng nhanh, chưa được phân loại, bãi tập kết quá tải.",
         "Các hộ phân loại rác hữu cơ làm phân bón, giảm lượng rác phải thu gom.",
         "Chi hội phụ nữ hướng dẫn từng hộ; phát thùng chứa; thi đua giữa các tổ; kiểm tra, "
         "nhắc nhở hàng tuần.",
         "Hộ gia đình, hội viên phụ nữ", "Số hộ phân loại rác; lượng rác giảm",
         [("Số hộ phân loại rác tại nguồn", 180, "hộ"), ("Lượng rác giảm", 30, "%")]),
        ("Tuyến đường hoa, đường cờ Tổ quốc",
         "Đường làng đã cứng hóa nhưng cảnh quan chưa xanh, sạch, đẹp.",
         "Trồng và chăm sóc hoa hai bên đường trục thôn; treo cờ Tổ quốc thống nhất.",
         "Phân công mỗi đoạn đường cho một chi hội chăm sóc; vận động con em xa quê ủng hộ kinh "
         "phí; tổng vệ sinh vào sáng Chủ nhật hàng tuần.",
         "Hội viên các đoàn thể, nhân dân trong thôn", "Tuyến đường hoa hoàn thành",
         [("Chiều dài tuyến đường hoa", 2.5, "km"), ("Số cột cờ", 120, "cột")]),
        ("Tủ sách cộng đồng góp phần xây dựng xã hội học tập",
         "Nhu cầu đọc của người dân và học sinh lớn nhưng thôn chưa có điểm đọc sách.",
         "Xây dựng tủ sách tại nhà văn hóa, duy trì mượn sách miễn phí.",
         "Vận động các gia đình, doanh nghiệp tặng sách; đoàn viên thanh niên quản lý tủ sách, "
         "tổ chức ngày hội đọc sách.",
         "Học sinh, người dân trong thôn", "Sổ mượn sách; số đầu sách",
         [("Số đầu sách", 800, "cuốn"), ("Lượt mượn mỗi năm", 1500, "lượt")]),
        ("Câu lạc bộ gia đình hạnh phúc, phòng chống bạo lực gia đình",
         "Vẫn còn xảy ra bạo lực gia đình, tảo hôn ở một số hộ.",
         "Không để xảy ra bạo lực gia đình; nâng cao hiểu biết pháp luật về hôn nhân, gia đình.",
         "Sinh hoạt câu lạc bộ hàng tháng; tổ hòa giải phối hợp can thiệp sớm; địa chỉ tin cậy "
         "tại cộng đồng.",
         "Các cặp vợ chồng trẻ, hộ có nguy cơ", "Biên bản sinh hoạt câu lạc bộ",
         [("Số thành viên câu lạc bộ", 40, "người"), ("Số vụ bạo lực gia đình", 0, "vụ")]),
        ("Bữa cơm nghĩa tình cho người bệnh nghèo",
         "Nhiều người bệnh nghèo điều trị dài ngày tại trung tâm y tế gặp khó khăn về ăn uống.",
         "Duy trì bữa cơm miễn phí hàng tuần cho người bệnh nghèo.",
         "Vận động nhà hảo tâm, hội viên góp gạo, rau, công nấu; phối hợp với trung tâm y tế.",
         "Người bệnh nghèo và người nhà", "Sổ theo dõi suất ăn",
         [("Số suất cơm mỗi năm", 5000, "suất")]),
    ],
    3: [
        ("Camera an ninh góp phần giữ gìn trật tự khu dân cư",
         "Địa bàn có trục giao thông lớn, trộm cắp vặt và vi phạm giao thông còn xảy ra.",
         "Lắp camera tại các điểm trọng yếu do nhân dân đóng góp, kết nối với Công an xã.",
         "Ban công tác Mặt trận vận động các hộ đóng góp kinh phí; công an viên hướng dẫn khai "
         "thác hình ảnh; công khai thu chi.",
         "Các hộ gia đình, cơ sở kinh doanh", "Hệ thống camera hoạt động",
         [("Số camera lắp đặt", 16, "chiếc"), ("Số vụ trộm cắp giảm", 50, "%")]),
        ("Tổ hòa giải ở cơ sở giỏi",
         "Mâu thuẫn đất đai, tranh chấp lối đi giữa các hộ dễ phát sinh khiếu kiện.",
         "Hòa giải thành phần lớn vụ việc ngay tại cơ sở, không để phát sinh điểm nóng.",
         "Kiện toàn tổ hòa giải có người cao tuổi, người có uy tín; nắm tình hình từ sớm; phối "
         "hợp với cán bộ tư pháp.",
         "Nhân dân trong thôn", "Sổ theo dõi hòa giải",
         [("Tỷ lệ vụ việc hòa giải thành", 90, "%")]),
        ("Giúp người lầm lỗi tái hòa nhập cộng đồng",
         "Một số người chấp hành xong án phạt tù trở về địa phương chưa có việc làm ổn định.",
         "Giúp người lầm lỗi có việc làm, không tái phạm.",
         "Phân công đoàn thể nhận giúp đỡ từng người; giới thiệu việc làm, hỗ trợ vay vốn; thăm "
         "hỏi, động viên định kỳ.",
         "Người chấp hành xong án phạt tù", "Biên bản bàn giao, theo dõi giúp đỡ",
         [("Số người được giúp đỡ", 6, "người"), ("Số người tái phạm", 0, "người")]),
        ("Đoạn đường thanh niên tự quản an toàn giao thông",
         "Học sinh đi xe đạp điện không đội mũ bảo hiểm, nhiều điểm giao cắt nguy hiểm.",
         "Giảm tai nạn giao thông trên đoạn đường tự quản.",
         "Đoàn viên trực tại cổng trường giờ tan học; tuyên truyền trên loa và mạng xã hội; "
         "phát quang cây che khuất tầm nhìn.",
         "Học sinh, người tham gia giao thông", "Sổ trực; số vụ tai nạn",
         [("Chiều dài đoạn đường tự quản", 3, "km"), ("Số vụ tai nạn", 0, "vụ")]),
        ("Xứ đạo bình yên, giáo dân sống tốt đời đẹp đạo",
         "Địa bàn có đông đồng bào Công giáo, cần tăng cường đoàn kết lương - giáo.",
         "Giữ vững an ninh trật tự; giáo dân tích cực tham gia phong trào ở địa phương.",
         "Phối hợp với Ban hành giáo giáo xứ tuyên truyền pháp luật; thăm hỏi chức sắc vào dịp "
         "lễ lớn; vận động giáo dân tham gia xây dựng nông thôn mới.",
         "Giáo dân trong giáo xứ", "Ký cam kết khu dân cư an toàn",
         [("Số hộ giáo dân ký cam kết", 150, "hộ")]),
        ("Vận động thanh niên sẵn sàng lên đường nhập ngũ",
         "Một số thanh niên ngại nhập ngũ, gia đình chưa yên tâm.",
         "Hoàn thành 100% chỉ tiêu giao quân, không có thanh niên trốn, né.",
         "Đoàn viên, cựu chiến binh đến từng gia đình; tuyên dương thanh niên hoàn thành nghĩa "
         "vụ trở về; giới thiệu việc làm sau xuất ngũ.",
         "Thanh niên trong độ tuổi nhập ngũ", "Danh sách giao quân",
         [("Tỷ lệ hoàn thành chỉ tiêu giao quân", 100, "%")]),
    ],
    4: [
        ("Dân vận khéo trong cải cách hành chính, tiếp nhận hồ sơ một cửa",
         "Người dân còn đi lại nhiều lần, hồ sơ bị trả lại vì thiếu giấy tờ.",
         "Giải quyết đúng hạn 100% hồ sơ; người dân hài lòng.",
         "Công chức một cửa hướng dẫn tận tình, đọc lại hồ sơ trước khi nhận; hỗ trợ nộp hồ sơ "
         "trực tuyến; lắp hòm thư góp ý.",
         "Người dân, tổ chức đến giao dịch", "Số hồ sơ đúng hạn; phiếu khảo sát",
         [("Tỷ lệ hồ sơ giải quyết đúng hạn", 100, "%"),
          ("Tỷ lệ hồ sơ nộp trực tuyến", 60, "%")]),
        ("Đảng viên giúp đỡ hộ gia đình khó khăn",
         "Một số hộ khó khăn chưa được quan tâm thường xuyên.",
         "Mỗi đảng viên phụ trách giúp đỡ ít nhất một hộ.",
         "Chi bộ phân công đảng viên theo dõi hộ; báo cáo trong sinh hoạt chi bộ hằng tháng.",
         "Hộ nghèo, gia đình chính sách", "Sổ phân công đảng viên phụ trách hộ",
         [("Số đảng viên tham gia", 25, "người"), ("Số hộ được giúp đỡ", 25, "hộ")]),
        ("Hội nghị nhân dân: dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát",
         "Việc công khai, lấy ý kiến nhân dân về các công trình chưa thường xuyên.",
         "Mọi công trình do dân đóng góp đều được bàn bạc, công khai và giám sát.",
         "Tổ chức hội nghị thôn trước khi triển khai; ban giám sát đầu tư cộng đồng hoạt động "
         "thường xuyên; công khai thu chi trên bảng tin.",
         "Nhân dân trong thôn", "Biên bản hội nghị; báo cáo giám sát",
         [("Số hội nghị nhân dân", 4, "hội nghị")]),
        ("Đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với nhân dân",
         "Một số kiến nghị của nhân dân chậm được trả lời.",
         "Tổ chức đối thoại định kỳ, trả lời dứt điểm kiến nghị.",
         "Mặt trận tổng hợp kiến nghị; người đứng đầu trực tiếp đối thoại; theo dõi việc thực "
         "hiện cam kết sau đối thoại.",
         "Cử tri, nhân dân", "Biên bản đối thoại",
         [("Số buổi đối thoại", 2, "buổi"), ("Tỷ lệ kiến nghị được giải quyết", 95, "%")]),
        ("Chi bộ vận động phát triển đảng viên là đoàn viên ưu tú",
         "Nguồn phát triển đảng viên ở thôn hạn chế do thanh niên đi làm ăn xa.",
         "Kết nạp đảng viên mới là đoàn viên ưu tú.",
         "Chi đoàn giới thiệu quần chúng ưu tú; đảng viên giúp đỡ, bồi dưỡng; kết nối với thanh "
         "niên làm việc xa quê qua mạng.",
         "Đoàn viên ưu tú", "Quyết định kết nạp đảng viên",
         [("Số đảng viên mới", 2, "người")]),
    ],
}

EXEMPLAR_DEEDS: dict[int, list[str]] = {
    1: ["khéo vận động các hộ hiến đất mở đường liên thôn",
        "giúp hội viên nghèo phát triển chăn nuôi, thoát nghèo",
        "liên kết bao tiêu nông sản cho bà con trong thôn"],
    2: ["khéo vận động xóa bỏ hủ tục trong việc tang",
        "giữ gìn vệ sinh môi trường khu dân cư xanh, sạch, đẹp",
        "tận tụy chăm lo học sinh nghèo vượt khó"],
    3: ["hòa giải thành các mâu thuẫn ở khu dân cư",
        "giúp người lầm lỗi hoàn lương, tái hòa nhập cộng đồng",
        "gương mẫu tham gia tuần tra giữ gìn an ninh thôn xóm"],
    4: ["tận tình hướng dẫn người dân làm thủ tục hành chính trực tuyến",
        "lắng nghe, phản ánh kịp thời ý kiến, kiến nghị của nhân dân",
        "gương mẫu, sâu sát trong vận động đảng viên giúp đỡ hộ khó khăn"],
}

# Which kinds of collective plausibly run a model of each field.
REGISTRANT_TYPES: dict[int, tuple[str, ...]] = {
    1: ("thon", "to_dan_pho", "chi_hoi", "chi_doan", "doanh_nghiep"),
    2: ("thon", "to_dan_pho", "chi_hoi", "chi_doan", "truong_hoc", "co_quan",
        "ban_cong_tac_mat_tran"),
    3: ("thon", "to_dan_pho", "luc_luong_vu_trang", "chi_doan", "ban_cong_tac_mat_tran",
        "chi_hoi"),
    4: ("chi_bo", "to_chuc_cap_xa", "co_quan", "ban_cong_tac_mat_tran"),
}

FORCES = [
    ("Chi bộ, Ban công tác Mặt trận thôn",
     "Các chi hội đoàn thể, tổ hòa giải, công an viên",
     "Toàn thể nhân dân trong thôn"),
    ("Chi hội Phụ nữ", "Chi hội Nông dân, Chi đoàn thanh niên",
     "Hội viên và các hộ gia đình"),
    ("Ban công tác Mặt trận", "Trưởng thôn, người có uy tín",
     "Các hộ gia đình, con em xa quê"),
]

RESOURCES = [
    "Nhân dân đóng góp ngày công; kinh phí xã hội hóa và hỗ trợ một phần từ ngân sách xã.",
    "Vốn tự có của hội viên, vốn vay Ngân hàng Chính sách xã hội, hỗ trợ kỹ thuật của khuyến nông.",
    "Kinh phí do con em xa quê và doanh nghiệp ủng hộ; nhân dân góp công lao động.",
]

SUSTAINABILITY = [
    "Nội dung đã đưa vào hương ước, quy ước thôn; duy trì sơ kết 6 tháng; sẵn sàng chia sẻ "
    "cách làm cho các thôn khác.",
    "Tổ chức thành tổ, nhóm có quy chế hoạt động; nhân rộng ra các chi hội trong xã.",
    "Được cấp ủy đưa vào nghị quyết hằng năm; tổng kết rút kinh nghiệm để nhân rộng.",
]

WITHDRAW_REASONS = [
    "Chi hội sáp nhập theo thôn mới, đăng ký lại trong mô hình chung của thôn.",
    "Trùng nội dung với mô hình đã đăng ký của Chi bộ thôn.",
    "Người đăng ký chuyển công tác khỏi địa bàn.",
]
