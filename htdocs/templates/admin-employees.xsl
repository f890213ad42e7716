<?xml version="1.0" encoding="UTF-8"?>
<!-- admin-employees.xsl: the employees of the company: add, rename, deactivate. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_areas.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t('nav.employees')"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <h1><xsl:value-of select="kp:t('nav.employees')"/></h1>
    <section class="card">
      <h2><xsl:value-of select="kp:t('employees.new')"/></h2>
      <form method="post" action="{$mount}/employees" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="f">employee</xsl:with-param><xsl:with-param name="n">name</xsl:with-param><xsl:with-param name="label">employees.name</xsl:with-param><xsl:with-param name="max">200</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <button type="submit" class="primary"><xsl:value-of select="kp:t('staff.save')"/></button>
      </form>
    </section>
    <xsl:choose>
      <xsl:when test="employees/employee">
        <ul class="rows">
          <xsl:for-each select="employees/employee">
            <xsl:variable name="failed" select="/page/form[@name = 'employee-edit' and @edit = current()/@id]"/>
            <li class="row">
              <form method="post" action="{$mount}/employees/{@id}" class="inline-form">
                <xsl:call-template name="csrf"/>
                <label for="employee-{@id}" class="visually-hidden"><xsl:value-of select="kp:t('employees.name')"/></label>
                <input type="text" id="employee-{@id}" name="name" maxlength="200" required="required">
                  <xsl:attribute name="value"><xsl:choose><xsl:when test="$failed"><xsl:value-of select="$failed/v[@n = 'name']"/></xsl:when><xsl:otherwise><xsl:value-of select="."/></xsl:otherwise></xsl:choose></xsl:attribute>
                </input>
                <label class="check"><input type="checkbox" name="active" value="1">
                  <xsl:if test="@active = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input>
                  <xsl:value-of select="kp:t('employees.active')"/></label>
                <button type="submit" class="small"><xsl:value-of select="kp:t('staff.save')"/></button>
                <xsl:call-template name="error-text"><xsl:with-param name="id" select="concat('employee-', @id)"/><xsl:with-param name="key" select="$failed/e[@n = 'name']"/></xsl:call-template>
              </form>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise><p class="empty"><xsl:value-of select="kp:t('employees.none')"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
